"""Treatment consent: the clinic's versioned text, signing on the phone, paper consent, the
first session's signature, withdrawal, and the same rules through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from knotwork.courses.models import TreatmentConsent, TreatmentSession
from knotwork.courses.services import (
    DEFAULT_TEXT,
    NoConsent,
    current_text,
    record_paper_consent,
    record_session,
    save_consent_text,
    sign_session,
    start_course,
    withdraw_consent,
)
from tests.conftest import Personas, patient_page
from tests.courses.conftest import POINT, Clock, client_of, ready_patient, screen_today


def held_first_session(personas: Personas, clock: Clock) -> TreatmentSession:
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today())
    first = course.treatment_sessions.get(number=1)
    record_session(
        actor=personas.therapist_a, session=first, held_at=clock.now, fields={}, points=[POINT]
    )
    return first


def test_the_default_text_comes_from_the_references_precautions_without_source_keys(
    personas: Personas,
) -> None:
    text = current_text(personas.clinic_a)
    assert text.version == 1 and text.text == DEFAULT_TEXT
    assert "blood clot" in text.text and "fades within 24 to 36 hours" in text.text
    # Its source is named in words for the admin: no section code or source key.
    assert "precautions for deep pressure" in text.source and "Cambron et al." in text.source
    assert "E.4" not in text.source + text.text and "MASSAGE" not in text.source + text.text


def test_an_admin_edits_the_text_as_a_new_version_and_old_consents_keep_theirs(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas)
    first = TreatmentConsent.objects.get(patient=personas.patient)
    admin = client_of(personas.admin_a)
    page = admin.get("/clinic/consent/").content.decode()
    assert "Version 1" in page and "Cambron et al." in page and "E.4" not in page
    admin.post("/clinic/consent/", {"text": "Our own consent words."})
    assert current_text(personas.clinic_a).version == 2
    first.refresh_from_db()
    assert first.text_version == "1" and first.text == DEFAULT_TEXT


def test_the_patient_signs_on_their_phone_and_the_pages_show_it(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas, consent=False)
    patient = client_of(personas.patient_user)
    my_page = patient.get("/me/").content.decode()
    assert "read and sign the treatment consent" in my_page
    page = patient.get("/me/consent/").content.decode()
    assert "Consent to trigger-point" in page
    refused = patient.post("/me/consent/", {"signed_name": "Pat Ient"})
    assert refused.status_code == 400, "the agreement box must be ticked"
    signed = patient.post("/me/consent/", {"agree": "on", "signed_name": "Pat Ient"})
    assert signed.status_code == 302
    consent = TreatmentConsent.objects.get(patient=personas.patient)
    assert consent.method == "signed" and consent.signed_name == "Pat Ient"
    assert "Treatment consent: <strong>given</strong>" in patient.get("/me/").content.decode()
    staff_page = patient_page(client_of(personas.therapist_a), personas.patient.pk)
    assert "on file" in staff_page


def test_the_first_session_is_not_signed_without_consent_then_is_with_paper_consent(
    personas: Personas, clock: Clock
) -> None:
    ready_patient(personas, consent=False)
    first = held_first_session(personas, clock)
    therapist = client_of(personas.therapist_a)
    refused = therapist.post(f"/sessions/{first.pk}/sign/", follow=True)
    assert "treatment consent on file" in refused.content.decode()
    with pytest.raises(NoConsent):
        sign_session(actor=personas.therapist_a, session=first)
    therapist.post(
        f"/patients/{personas.patient.pk}/consent/", {"signed_on": clock.today().isoformat()}
    )
    consent = TreatmentConsent.objects.get(patient=personas.patient)
    assert consent.method == "paper" and consent.recorded_by == personas.therapist_a
    sign_session(actor=personas.therapist_a, session=first)


def test_a_paper_consent_cannot_be_dated_in_the_future(personas: Personas, clock: Clock) -> None:
    from knotwork.common.errors import Refusal

    with pytest.raises(Refusal, match="cannot be in the future"):
        record_paper_consent(
            actor=personas.therapist_a,
            patient=personas.patient,
            signed_on=clock.today() + timedelta(days=1),
        )


def test_withdrawing_consent_blocks_further_sessions(personas: Personas, clock: Clock) -> None:
    ready_patient(personas)
    first = held_first_session(personas, clock)
    sign_session(actor=personas.therapist_a, session=first)
    patient = client_of(personas.patient_user)
    patient.post("/me/consent/withdraw/", {"reason": "Moving abroad."})
    assert "You withdrew your treatment consent" in patient.get("/me/").content.decode()
    clock.advance(days=7)
    screen_today(personas, clock.today())
    second = first.course.treatment_sessions.get(number=2)
    with pytest.raises(NoConsent, match="withdrawn"):
        record_session(
            actor=personas.therapist_a, session=second, held_at=clock.now, fields={}, points=[]
        )
    staff_page = patient_page(client_of(personas.therapist_a), personas.patient.pk)
    assert "withdrawn" in staff_page


def test_the_api_records_consent_and_refuses_as_the_pages(personas: Personas, clock: Clock) -> None:
    ready_patient(personas, consent=False)
    url = f"/api/v1/patients/{personas.patient.pk}/consent"
    patient = client_of(personas.patient_user)
    assert patient.get(url).json()["state"] == "none"
    unsigned = patient.post(url, {"method": "signed"}, content_type="application/json")
    assert unsigned.status_code == 422
    assert unsigned.json()["errors"][0]["field"] == "signed_name"
    by_staff = client_of(personas.therapist_a).post(
        url, {"method": "signed", "signed_name": "X"}, content_type="application/json"
    )
    assert by_staff.status_code == 422, "staff record paper consent, they do not sign for one"
    signed = patient.post(
        url, {"method": "signed", "signed_name": "Pat Ient"}, content_type="application/json"
    )
    assert signed.status_code == 201 and signed.json()["state"] == "on_file"
    again = patient.post(
        url, {"method": "signed", "signed_name": "Pat Ient"}, content_type="application/json"
    )
    assert again.status_code == 409
    withdrawn = patient.post(f"{url}/withdrawal", {}, content_type="application/json")
    assert withdrawn.json()["state"] == "withdrawn"


def test_withdraw_is_refused_when_nothing_is_on_file(personas: Personas) -> None:
    from knotwork.courses.services import CourseError

    with pytest.raises(CourseError):
        withdraw_consent(actor=personas.patient_user, patient=personas.patient)
    with pytest.raises(Exception, match="cannot be empty"):
        save_consent_text(actor=personas.admin_a, clinic=personas.clinic_a, text="  ")
