"""Who may open what: every URL and API operation, for every persona.

A new URL or API operation without a row here fails `test_it_has_a_rule_for_every_url`, so
nobody can add a page without deciding who may see it. Objects in the URLs belong to clinic A's
therapist's patient; clinic B's staff and the other patient must get nothing of them (404).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from knotwork.api.root import api
from knotwork.domain import safety
from tests.conftest import Personas, open_gate

ANON, THER_A, ADMIN_A, THER_B, ADMIN_B, PAT, OTHER = (
    "anonymous",
    "therapist_a",
    "admin_a",
    "therapist_b",
    "admin_b",
    "patient",
    "other_patient",
)
ALL = (ANON, THER_A, ADMIN_A, THER_B, ADMIN_B, PAT, OTHER)


def expect(default: int, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(ALL, default)
    statuses.update(overrides)
    return statuses


# Staff pages of clinic A's patient: clinic A's staff get in, everyone else 404 (anonymous: login).
CLINIC_A_STAFF = expect(404, anonymous=302, therapist_a=200, admin_a=200)
ADMIN_A_ONLY = expect(404, anonymous=302, admin_a=200, admin_b=200)
# Pages of clinic A's patient's own data: clinic A's staff and the patient themself.
# Staff actions (form posts) on clinic A's patient's records: clinic A's staff are redirected.
CLINIC_A_STAFF_POST = expect(404, anonymous=302, therapist_a=302, admin_a=302)
STAFF_OF_ANY_CLINIC = expect(
    404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
)
PATIENT_A_PAGE = expect(404, anonymous=302, therapist_a=200, admin_a=200, patient=200)

# name -> (method, url kwargs keys, statuses). Keys are filled by `objects()` below.
WEB_MATRIX: dict[str, tuple[str, tuple[str, ...], dict[str, int]]] = {
    "home": ("get", (), expect(302)),
    "healthz": ("get", (), expect(200)),
    "login": ("get", (), expect(302, anonymous=200)),
    "logout": ("post", (), expect(302)),
    "accept_invitation": ("get", ("token",), expect(410)),
    "dashboard": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "patient_new": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "patient_detail": ("get", ("patient_id",), CLINIC_A_STAFF),
    "patient_panel": ("get", ("patient_id", "panel"), CLINIC_A_STAFF),
    "patient_edit": ("get", ("patient_id",), CLINIC_A_STAFF),
    "patient_invite": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "my_record": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "clinic_members": ("get", (), ADMIN_A_ONLY),
    "member_change": ("post", ("membership_id",), expect(404, anonymous=302, admin_a=302)),
    "invitation_revoke": ("post", ("invitation_id",), expect(404, anonymous=302, admin_a=302)),
    "audit_log": ("get", (), ADMIN_A_ONLY),
    "audit_export": ("get", (), ADMIN_A_ONLY),
    # Clinic insight: every staff member sees their own clinic's aggregates (clinic B's staff
    # see clinic B's); patients see none.
    "insight": ("get", (), STAFF_OF_ANY_CLINIC),
    "insight_csv": ("get", ("table",), STAFF_OF_ANY_CLINIC),
    "switch_clinic": ("post", (), CLINIC_A_STAFF_POST),
    "pain_map_history": ("get", ("patient_id",), PATIENT_A_PAGE),
    "staff_draw": ("get", ("patient_id",), CLINIC_A_STAFF),
    "pain_maps_csv": ("get", ("patient_id",), PATIENT_A_PAGE),
    "send_drawing_link": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "pain_map_detail": ("get", ("pain_map_id",), PATIENT_A_PAGE),
    "pain_map_svg": ("get", ("pain_map_id",), PATIENT_A_PAGE),
    "my_draw": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "link_draw": ("get", ("token",), expect(410)),
    # The finder page and palpation are the clinic's tools: staff of clinic A only (the API's
    # candidates answer the same, see API_MATRIX).
    "finder_candidates": ("get", ("pain_map_id",), CLINIC_A_STAFF),
    "finder_palpation": (
        "post",
        ("pain_map_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    # Muscle pages and the ranking rule hold reference facts only, no patient data: any
    # logged-in user.
    "finder_scoring": ("get", (), expect(200, anonymous=302)),
    "muscle_list": ("get", (), expect(200, anonymous=302)),
    "muscle_detail": ("get", ("muscle_id",), expect(200, anonymous=302)),
    # Live feedback: the therapist's screen is clinic A's staff's; the phone page needs only
    # a valid signed token (a made-up one is gone: 410) and the code page is open to anyone.
    "live_start": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "live_screen": ("get", ("live_id",), CLINIC_A_STAFF),
    "live_end": ("post", ("live_id",), CLINIC_A_STAFF_POST),
    "live_summary": ("get", ("live_id",), CLINIC_A_STAFF),
    "live_join": ("get", ("token",), expect(410)),
    "live_code": ("get", (), expect(200)),
    # Intake, safety gate and questionnaires: the patient's own pages are theirs and clinic A's
    # staff's; clearances, letters and alerts are the clinic's only; packs are per clinic admin.
    "intake_begin": ("get", ("patient_id",), PATIENT_A_PAGE),
    "intake_step": ("get", ("intake_id", "step"), PATIENT_A_PAGE),
    "intake_review": (
        "get",
        ("intake_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302, patient=302),
    ),
    # The draft intake has no answers yet, so its review and done pages lead back to step 1.
    "intake_done": (
        "get",
        ("intake_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302, patient=302),
    ),
    "clearance_new": ("get", ("patient_id",), CLINIC_A_STAFF),
    "clearance_letter": ("get", ("clearance_id",), CLINIC_A_STAFF),
    "pre_session_screen": ("get", ("patient_id",), PATIENT_A_PAGE),
    "pre_session_result": ("get", ("patient_id", "screen_id"), PATIENT_A_PAGE),
    "alert_acknowledge": (
        "post",
        ("alert_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "instrument_send": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "instrument_answer": ("get", ("assignment_id",), PATIENT_A_PAGE),
    "instrument_packs": ("get", (), ADMIN_A_ONLY),
    # Treatment courses: clinic A's staff; the patient answers check-ins, reports tightness and
    # reads home care; calendar feeds answer only to their secret token.
    "course_start": ("get", ("patient_id",), CLINIC_A_STAFF),
    "course_detail": ("get", ("course_id",), CLINIC_A_STAFF),
    "course_summary": ("get", ("course_id",), CLINIC_A_STAFF),
    "course_end": ("post", ("course_id",), CLINIC_A_STAFF_POST),
    "session_detail": ("get", ("session_id",), CLINIC_A_STAFF),
    "session_record": ("get", ("session_id",), CLINIC_A_STAFF),
    "session_original": ("get", ("session_id",), CLINIC_A_STAFF),
    # The matrix's session is held: staff reach it and are refused booking it (409).
    "session_book": (
        "post",
        ("session_id",),
        expect(404, anonymous=302, therapist_a=409, admin_a=409),
    ),
    "session_sign": ("post", ("session_id",), CLINIC_A_STAFF_POST),
    "home_care": ("get", ("session_id",), PATIENT_A_PAGE),
    "tightness_report": ("post", ("session_id",), expect(404, anonymous=302, patient=302)),
    "review_decide": ("post", ("review_id",), CLINIC_A_STAFF_POST),
    "checkin_answer": ("get", ("check_in_id",), expect(404, anonymous=302, patient=200)),
    "calendar_links": ("get", (), expect(200, anonymous=302)),
    # Booking hours: the clinic's are its admins'; a member's are theirs and their admin's.
    "opening_hours": ("get", (), ADMIN_A_ONLY),
    "working_hours": ("get", ("membership_id",), CLINIC_A_STAFF),
    # Consent: the patient signs and withdraws their own; the clinic records paper consents and
    # its admins keep the clinic's text.
    "my_consent": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "my_consent_withdraw": (
        "post",
        (),
        expect(404, anonymous=302, patient=302, other_patient=302),
    ),
    "consent_paper": ("post", ("patient_id",), CLINIC_A_STAFF_POST),
    "consent_text": ("get", (), ADMIN_A_ONLY),
    "day_view": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "calendar_feed": ("get", ("token",), expect(404)),
    # FHIR downloads: the patient's own record (right of access) for any patient login, and
    # the clinic's download of clinic A's patient for clinic A's staff.
    "my_record_fhir": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "patient_fhir_download": ("get", ("patient_id",), CLINIC_A_STAFF),
    # Documents (PDFs): the letters to the physician and their pages are clinic A's staff's
    # (the report here is a progress report: the patient gets 404); the patient reads the
    # handouts after their sessions and prints of their own pain maps.
    "progress_report_new": ("post", ("course_id",), CLINIC_A_STAFF_POST),
    "clearance_request_new": ("post", ("patient_id",), CLINIC_A_STAFF_POST),
    "patient_documents": ("get", ("patient_id",), CLINIC_A_STAFF),
    "report_detail": ("get", ("report_id",), CLINIC_A_STAFF),
    "report_status": ("get", ("report_id",), CLINIC_A_STAFF),
    "report_pdf": ("get", ("report_id",), CLINIC_A_STAFF),
    "report_mail": ("post", ("report_id",), CLINIC_A_STAFF_POST),
    "home_care_pdf": ("get", ("session_id",), PATIENT_A_PAGE),
    "pain_map_pdf": ("get", ("pain_map_id",), PATIENT_A_PAGE),
    # The patient's own record as a PDF (right of access): any patient login, their own only.
    "my_record_pdf": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    # Logging in and setting one's password: open to anyone; the second step and the login
    # code's password page lead back to their first step when nothing is half-way done.
    "login_verify": ("get", (), expect(302)),
    "login_enrol": ("get", (), expect(302)),
    "login_code_start": ("get", (), expect(200)),
    "login_code_password": ("get", (), expect(302)),
    "password_reset": ("get", (), expect(200)),
    "password_reset_done": ("get", (), expect(200)),
    "password_reset_confirm": ("get", ("uidb64", "token"), expect(200)),
    "password_reset_complete": ("get", (), expect(200)),
    # One's own account: anyone logged in; a device, session or token of therapist A is theirs
    # (a token also their clinic admin's to revoke), a 404 for everyone else.
    "account": ("get", (), expect(200, anonymous=302)),
    "password_change": ("get", (), expect(200, anonymous=302)),
    "password_change_done": ("get", (), expect(200, anonymous=302)),
    "two_factor": ("get", (), expect(200, anonymous=302)),
    "two_factor_app": ("get", (), expect(200, anonymous=302)),
    "two_factor_recovery_codes": ("get", (), expect(302)),
    "two_factor_recovery_new": ("post", (), expect(302)),
    "two_factor_remove": (
        "post",
        ("kind", "device_id"),
        expect(404, anonymous=302, therapist_a=302),
    ),
    "sessions": ("get", (), expect(200, anonymous=302)),
    "session_end": ("post", ("login_session_id",), expect(404, anonymous=302, therapist_a=302)),
    "api_tokens": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "api_token_revoke": (
        "post",
        ("token_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "clinic_security": ("get", (), ADMIN_A_ONLY),
    "finder_settings": ("get", (), ADMIN_A_ONLY),
    "patient_login_code": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    # Passkey ceremonies (JSON): registering needs a login (or a login half-way through setting
    # up two-factor), verified by its second factor where the person has one (therapist A has an
    # app here, and force_login verifies nothing); completing without beginning is refused;
    # logging in with a passkey needs a login half-way at its second step.
    "passkey_register_begin": ("post", (), expect(200, anonymous=403, therapist_a=403)),
    "passkey_register_complete": ("post", (), expect(400, anonymous=403, therapist_a=403)),
    "passkey_login_begin": ("post", (), expect(403)),
    "passkey_login_complete": ("post", (), expect(403)),
    "passkey_script_text": ("get", (), expect(200)),
}

# Reads of clinic A's patient's data: clinic A's staff and the patient themself.
PATIENT_A_API_READ = expect(404, anonymous=401, therapist_a=200, admin_a=200, patient=200)
# Reads for clinic A's staff only.
CLINIC_A_API = expect(404, anonymous=401, therapist_a=200, admin_a=200)

# "METHOD /api/v1/path" -> statuses. Anonymous callers get 401 from the API, not a redirect.
API_MATRIX: dict[str, dict[str, int]] = {
    "GET /api/v1/me": expect(200, anonymous=401),
    "GET /api/v1/audit": expect(404, anonymous=401, admin_a=200, admin_b=200),
    "GET /api/v1/patients": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
    ),
    "POST /api/v1/patients": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, therapist_b=201, admin_b=201
    ),
    "GET /api/v1/patients/{patient_id}": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, patient=200
    ),
    "PATCH /api/v1/patients/{patient_id}": expect(404, anonymous=401, therapist_a=200, admin_a=200),
    "POST /api/v1/patients/{patient_id}/invitation": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    "GET /api/v1/patients/{patient_id}/pain-maps": PATIENT_A_API_READ,
    "POST /api/v1/patients/{patient_id}/pain-maps": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, patient=201
    ),
    "GET /api/v1/pain-maps/{pain_map_id}": PATIENT_A_API_READ,
    # Ranking a posted map touches no patient data: any logged-in user.
    "POST /api/v1/finder/rank": expect(200, anonymous=401),
    # The candidates are the clinic's suggestions for an examination, like the candidates page
    # (finder_candidates): staff of clinic A only, the patient gets 404 on both.
    "GET /api/v1/pain-maps/{pain_map_id}/candidates": CLINIC_A_API,
    "GET /api/v1/patients/{patient_id}/palpation-findings": PATIENT_A_API_READ,
    "POST /api/v1/patients/{patient_id}/palpation-findings": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    # The safety gate, screens and clearances are the clinic's; the patient may send their own
    # pre-session screen and answer their own questionnaires.
    "GET /api/v1/patients/{patient_id}/gate/{action}": CLINIC_A_API,
    "GET /api/v1/patients/{patient_id}/screens": CLINIC_A_API,
    "POST /api/v1/patients/{patient_id}/pre-session-screens": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, patient=201
    ),
    "GET /api/v1/patients/{patient_id}/clearances": CLINIC_A_API,
    "POST /api/v1/patients/{patient_id}/clearances": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    # Instrument definitions hold no patient data: any logged-in user.
    "GET /api/v1/instruments": expect(200, anonymous=401),
    "GET /api/v1/patients/{patient_id}/instrument-assignments": PATIENT_A_API_READ,
    "POST /api/v1/patients/{patient_id}/instrument-assignments": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    "GET /api/v1/instrument-assignments/{assignment_id}": PATIENT_A_API_READ,
    "POST /api/v1/instrument-assignments/{assignment_id}/response": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, patient=201
    ),
    "GET /api/v1/patients/{patient_id}/outcomes": CLINIC_A_API,
    # Courses are the clinic's, like the course pages. Clinic A's patient already has an active
    # course here, so clinic A's staff get 409 (the state refuses it), everyone else 404.
    "GET /api/v1/patients/{patient_id}/courses": CLINIC_A_API,
    "POST /api/v1/patients/{patient_id}/courses": expect(
        404, anonymous=401, therapist_a=409, admin_a=409
    ),
    "GET /api/v1/courses/{course_id}": CLINIC_A_API,
    # A check-in is answered by its patient only, as on their page; for anyone else it is unknown.
    "POST /api/v1/check-ins/{check_in_id}/answer": expect(404, anonymous=401, patient=201),
    # Live feedback is opened by the clinic's staff; the gate is open here (screened today).
    "POST /api/v1/patients/{patient_id}/live": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    "GET /api/v1/courses/{course_id}/sessions/{number}": CLINIC_A_API,
    # The session writers, like the pages: clinic A's staff. Session 1 is held and signed here,
    # so booking, recording and signing it again are refused by its state (409); amending works.
    "POST /api/v1/courses/{course_id}/sessions/{number}/booking": expect(
        404, anonymous=401, therapist_a=409, admin_a=409
    ),
    "POST /api/v1/courses/{course_id}/sessions/{number}/record": expect(
        404, anonymous=401, therapist_a=409, admin_a=409
    ),
    "POST /api/v1/courses/{course_id}/sessions/{number}/signature": expect(
        404, anonymous=401, therapist_a=409, admin_a=409
    ),
    "POST /api/v1/courses/{course_id}/sessions/{number}/amendments": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    # Consent: read by clinic A's staff and the patient; a paper consent is the clinic's to
    # record (the patient signs with `signed`); nothing is on file here to withdraw (409).
    "GET /api/v1/patients/{patient_id}/consent": PATIENT_A_API_READ,
    "POST /api/v1/patients/{patient_id}/consent": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    "POST /api/v1/patients/{patient_id}/consent/withdrawal": expect(
        404, anonymous=401, therapist_a=409, admin_a=409, patient=409
    ),
    # The whole record as FHIR: clinic A's staff and the patient themself (right of access).
    "GET /api/v1/patients/{patient_id}/fhir": PATIENT_A_API_READ,
    # The physician's progress report is the clinic's letter, like its page: staff only.
    "GET /api/v1/courses/{course_id}/report": CLINIC_A_API,
    # Booking's hours and the day view are the clinic's: every staff member reads them, each
    # in their own clinic; the opening hours are set by an admin, a member's working hours by
    # an admin of their clinic or themself (therapist A's here), as on the pages.
    "GET /api/v1/clinic/opening-hours": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
    ),
    "PUT /api/v1/clinic/opening-hours": expect(404, anonymous=401, admin_a=200, admin_b=200),
    "GET /api/v1/clinic/working-hours": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
    ),
    "PUT /api/v1/clinic/working-hours/{membership_id}": expect(
        404, anonymous=401, therapist_a=200, admin_a=200
    ),
    "GET /api/v1/clinic/day": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
    ),
    # API tokens: one's own (and, for an admin, the clinic's); made for a clinic one works in.
    "GET /api/v1/tokens": expect(200, anonymous=401),
    # 403: a clinic the caller is no active member of (clinic A's id in the body).
    "POST /api/v1/tokens": expect(403, anonymous=401, therapist_a=201, admin_a=201),
    "DELETE /api/v1/tokens/{token_id}": expect(404, anonymous=401, therapist_a=200, admin_a=200),
}

# Bodies for API writes, valid enough that only access decides the status.
API_BODIES: dict[str, dict[str, object]] = {
    "POST /api/v1/patients": {"given_name": "New", "family_name": "Patient"},
    "PATCH /api/v1/patients/{patient_id}": {"phone": "555-0100"},
    "POST /api/v1/patients/{patient_id}/invitation": {"email": "pat.new@example.com"},
    "POST /api/v1/patients/{patient_id}/pain-maps": {
        "marks": [{"region": "low_back_left", "intensity": 6}]
    },
    "POST /api/v1/finder/rank": {"marks": [{"region": "low_back_left", "intensity": 6}]},
    "POST /api/v1/patients/{patient_id}/pre-session-screens": {
        "answers": dict.fromkeys(safety.pre_session_questions(), False)
    },
    "POST /api/v1/patients/{patient_id}/clearances": {
        "cleared_by": "Dr Lee, GP",
        "cleared_on": timezone.localdate().isoformat(),
        "keys": ["rf_weight_loss"],
    },
    "POST /api/v1/patients/{patient_id}/instrument-assignments": {"instrument": "ndi"},
    "POST /api/v1/patients/{patient_id}/courses": {"start_date": timezone.localdate().isoformat()},
    "PUT /api/v1/clinic/opening-hours": {
        "week": [{"weekday": 0, "start": "08:00", "end": "17:00"}],
        "session_minutes": 60,
    },
    "PUT /api/v1/clinic/working-hours/{membership_id}": {
        "week": [{"weekday": 1, "start": "09:00", "end": "13:00"}]
    },
    "POST /api/v1/courses/{course_id}/sessions/{number}/booking": {
        "starts_at": "2031-03-05T10:00:00"
    },
    "POST /api/v1/courses/{course_id}/sessions/{number}/record": {
        "held_at": timezone.now().isoformat(),
        "pre_nprs": 5,
    },
    "POST /api/v1/courses/{course_id}/sessions/{number}/amendments": {
        "pre_nprs": 6,
        "reason": "Typed the wrong score.",
    },
    "POST /api/v1/patients/{patient_id}/consent/withdrawal": {"reason": "Moving away."},
    "POST /api/v1/patients/{patient_id}/consent": {
        "method": "paper",
        "signed_on": timezone.localdate().isoformat(),
    },
    "POST /api/v1/instrument-assignments/{assignment_id}/response": {"answers": [5]},
    "POST /api/v1/patients/{patient_id}/live": {"plan": ["trapezius__upper_fibres"]},
    "POST /api/v1/check-ins/{check_in_id}/answer": {"soreness": 2, "pain": 3},
    "POST /api/v1/tokens": {"name": "matrix", "clinic_id": "CLINIC_A", "scopes": ["read"]},
    "POST /api/v1/patients/{patient_id}/palpation-findings": {
        "muscle": "quadratus_lumborum",
        "trigger_point": "deep",
        "side": "left",
        "found": True,
        "tenderness": 2,
    },
}
WEB_BODIES = {
    "course_end": {"reason": "Moved away."},
    "session_book": {"starts_at": "2031-03-05T10:00"},
    "tightness_report": {"on": "TODAY"},
    "review_decide": {"decision": "refer"},
    "member_change": {"role": "therapist", "is_active": "on"},
    "patient_invite": {"email": "pat.new@example.com"},
    "switch_clinic": {"clinic_id": "CLINIC_A"},
    "live_start": {"window_low": "5", "window_high": "7"},
    "instrument_send": {"instrument": "nprs"},
    "finder_palpation": {
        "muscle": "quadratus_lumborum",
        "trigger_point": "deep",
        "side": "left",
        "found": "yes",
        "tenderness": "2",
    },
}


def objects(personas: Personas) -> dict[str, object]:
    from knotwork.clinics.models import InvitationKind
    from knotwork.clinics.services import invite
    from knotwork.live.services import start_live_session
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    invitation = invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="new.colleague@example.com",
        kind=InvitationKind.THERAPIST,
    )
    pain_map = record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[{"region": "sacrum", "intensity": 4}],
        via=DrawnVia.PATIENT,
    )
    intake = intake_objects(personas)
    # Live feedback opens only while the gate is open: a complete screen after the intake's.
    open_gate(personas.patient, personas.therapist_a)
    live = start_live_session(actor=personas.therapist_a, patient=personas.patient)
    return {
        **intake,
        **course_objects(personas),
        **account_objects(personas),
        "live_id": live.pk,
        "pain_map_id": pain_map.pk,
        "patient_id": personas.patient.pk,
        "membership_id": personas.therapist_a.memberships.get().pk,
        "invitation_id": invitation.pk,
        "token": "not-a-real-token",
        "panel": "course",
        "muscle_id": "quadratus_lumborum",
        "table": "case_mix",
        "CLINIC_A": personas.clinic_a.pk,
    }


def account_objects(personas: Personas) -> dict[str, object]:
    """Therapist A's authenticator app, a session of theirs and an API token for clinic A."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from knotwork.accounts.models import LoginSession
    from knotwork.accounts.services.tokens import create_token

    device = TOTPDevice.objects.create(user=personas.therapist_a, name="App", confirmed=True)
    session = LoginSession.objects.create(
        user=personas.therapist_a, session_key="matrix-session-key", last_seen_at=timezone.now()
    )
    token = create_token(
        user=personas.therapist_a,
        membership=personas.therapist_a.memberships.get(),
        name="matrix token",
        scopes=["read"],
    ).token
    return {
        "kind": "app",
        "device_id": device.pk,
        "login_session_id": session.pk,
        "token_id": token.pk,
        "uidb64": "MQ",
    }


def course_objects(personas: Personas) -> dict[str, object]:
    """A course of clinic A's patient: session 1 held and signed with its check-in and review,
    and a progress report made of it."""
    from django.core.files.base import ContentFile

    from knotwork.courses.models import (
        CheckIn,
        Course,
        CourseReview,
        SessionAmendment,
        TreatmentSession,
    )
    from knotwork.reports.models import Report

    now = timezone.now()
    course = Course.objects.create(
        patient=personas.patient,
        therapist=personas.therapist_a,
        start_date=timezone.localdate(),
        sessions=4,
        weeks=6,
        review_after=1,
        min_gap_days=3,
        relief_shortest_days=4,
        relief_longest_days=14,
        ask_after_hours=24,
        remind_after_hours=36,
        close_after_hours=72,
        disability_instrument="odi",
    )
    held = TreatmentSession.objects.create(
        course=course, number=1, held_at=now, status="signed", signed_at=now, pre_nprs=5
    )
    TreatmentSession.objects.create(course=course, number=2)
    SessionAmendment.objects.create(
        session=held,
        amended_by=personas.therapist_a,
        amended_at=now,
        reason="Typed the wrong score.",
        before={"pre_nprs": 4},
        after={"pre_nprs": 5},
    )
    check_in = CheckIn.objects.create(
        session=held,
        session_end=now,
        ask_at=now,
        remind_at=now + timedelta(hours=12),
        closes_at=now + timedelta(hours=48),
    )
    review = CourseReview.objects.create(
        course=course,
        after_session=1,
        outcome="not_responding",
        headline="x",
        decision_required=True,
    )
    report = Report(
        patient=personas.patient,
        kind="progress_report",
        title="Progress report for Dr Lee",
        course=course,
        status="done",
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    report.save()
    return {
        "course_id": course.pk,
        "report_id": report.pk,
        "session_id": held.pk,
        "number": held.number,
        "check_in_id": check_in.pk,
        "review_id": review.pk,
        "TODAY": timezone.localdate().isoformat(),
    }


def intake_objects(personas: Personas) -> dict[str, object]:
    """A draft intake, an urgent screen cleared with a letter, an alert, and an
    NPRS questionnaire waiting for answers, all of clinic A's patient."""
    from django.core.files.base import ContentFile

    from knotwork.intake.models import Clearance, ClinicAlert, Intake
    from knotwork.intake.services.instruments import assign_instrument
    from knotwork.intake.services.safety import record_intake_screen, record_pre_session_screen

    patient = personas.patient
    draft = Intake.objects.create(patient=patient, filled_via="patient")
    record_intake_screen(
        actor=personas.patient_user, patient=patient, answers={"rf_weight_loss": True}
    )
    clearance = Clearance(
        patient=patient,
        cleared_by="Dr Lee",
        cleared_on=timezone.localdate(),
        keys=["rf_weight_loss"],
    )
    clearance.letter.save("letter.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    clearance.save()
    alert = ClinicAlert.objects.create(
        clinic=personas.clinic_a, patient=patient, kind="emergency", message="test alert"
    )
    assignment = assign_instrument(actor=personas.therapist_a, patient=patient, instrument="nprs")
    pre_session = record_pre_session_screen(
        actor=personas.patient_user,
        patient=patient,
        answers=dict.fromkeys(safety.pre_session_questions(), False),
        on=timezone.localdate(),
    )
    return {
        "screen_id": pre_session.pk,
        "intake_id": draft.pk,
        "step": "reason",
        "clearance_id": clearance.pk,
        "alert_id": alert.pk,
        "assignment_id": assignment.pk,
        "action": "start_course",
    }


def client_for(personas: Personas, who: str) -> Client:
    client = Client()
    users = {
        THER_A: personas.therapist_a,
        ADMIN_A: personas.admin_a,
        THER_B: personas.therapist_b,
        ADMIN_B: personas.admin_b,
        PAT: personas.patient_user,
        OTHER: personas.other_patient_user,
    }
    if who in users:
        client.force_login(users[who], backend="django.contrib.auth.backends.ModelBackend")
    return client


def named_urls() -> set[str]:
    """Every named URL of the site, except Django's own admin and the API (listed separately)."""
    names: set[str] = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
        elif isinstance(entry, URLResolver) and entry.namespace not in ("admin", "api"):
            names.update(p.name for p in entry.url_patterns if isinstance(p, URLPattern) and p.name)
    return names


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_it_has_a_rule_for_every_url() -> None:
    assert named_urls() - set(WEB_MATRIX) == set(), "add the new URL to WEB_MATRIX"
    assert api_operations() - set(API_MATRIX) == set(), "add the new API operation to API_MATRIX"


def test_it_has_no_rule_for_a_url_that_is_gone() -> None:
    assert set(WEB_MATRIX) - named_urls() == set()
    assert set(API_MATRIX) - api_operations() == set()


def assert_no_store_and_csp(answers: dict[str, Any]) -> None:
    """Every answer, to every persona, may hold patient data: none is kept by any cache, and
    each runs under the Content-Security-Policy and the Permissions-Policy."""
    for who, response in answers.items():
        if response.wsgi_request.path == "/healthz":
            continue  # answered before every other middleware: no patient data, no page
        assert response["Cache-Control"] == "no-store", who
        assert "script-src 'self'" in response["Content-Security-Policy"], who
        assert "camera=()" in response["Permissions-Policy"], who


def as_each_persona(
    personas: Personas, request_as: Callable[[Client], HttpResponse]
) -> dict[str, Any]:
    """Each persona's response, each in a savepoint rolled back afterwards, so one persona's
    write (a created patient, a withdrawn invitation) never changes what the next one sees."""
    answers = {}
    for who in ALL:
        with transaction.atomic():
            answers[who] = request_as(client_for(personas, who))
            transaction.set_rollback(True)
    return answers


@pytest.mark.parametrize("name", sorted(WEB_MATRIX))
def test_it_answers_each_page_as_the_matrix_says(personas: Personas, name: str) -> None:
    from django.urls import reverse

    method, keys, statuses = WEB_MATRIX[name]
    found = objects(personas)
    url = reverse(name, kwargs={key: found[key] for key in keys})
    body = {k: found.get(v, v) for k, v in WEB_BODIES.get(name, {}).items()}
    answers = as_each_persona(personas, lambda client: getattr(client, method)(url, body))
    got = {who: response.status_code for who, response in answers.items()}
    assert got == statuses, f"{method.upper()} {url}"
    assert_no_store_and_csp(answers)


@pytest.mark.parametrize("operation", sorted(API_MATRIX))
def test_it_answers_each_api_operation_as_the_matrix_says(
    personas: Personas, operation: str
) -> None:
    method, path = operation.split(" ", 1)
    found = objects(personas)
    url = path.format(**found)
    body = API_BODIES.get(operation)
    if body is not None:
        body = {k: found.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    answers = as_each_persona(
        personas, lambda client: getattr(client, method.lower())(url, **kwargs)
    )
    got = {who: response.status_code for who, response in answers.items()}
    details = {
        who: r.content[:200] for who, r in answers.items() if got[who] != API_MATRIX[operation][who]
    }
    assert got == API_MATRIX[operation], f"{operation}: {details!r}"
    assert_no_store_and_csp(answers)
    for response in answers.values():
        # A FHIR export answers FHIR's own JSON media type, a report a PDF; their errors keep
        # the API's shape.
        ok = response.status_code == 200
        fhir = path.endswith("/fhir") and ok
        pdf = path.endswith("/report") and ok
        wanted = "application/json"
        if fhir or pdf:
            wanted = "application/fhir+json" if fhir else "application/pdf"
        assert response["Content-Type"].startswith(wanted)


def test_it_never_lists_another_clinics_patients_on_the_dashboard(personas: Personas) -> None:
    page = client_for(personas, THER_B).get("/patients/").content.decode()
    assert "Bea" in page
    assert "Ient" not in page and "Person" not in page
