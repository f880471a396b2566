"""Treatment consent: the clinic's versioned text, signing it, paper consent, withdrawal.

The rules the session writers apply (`services.session`): the first session of a course is
signed only with a consent on file; once the patient withdrew (and has not consented again), no
session is recorded or signed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record, record_event
from knotwork.courses.models import ConsentMethod, ConsentText, TreatmentConsent
from knotwork.domain.citations import cite

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient
from knotwork.common.errors import Refusal
from knotwork.courses.services.refusals import CourseError

# The clinic's default consent text, written from the clinical reference's precautions.
# Named in words for the admin who reads it (reference E.4 and E.2; the keys are the reference's
# MASSAGE-NCCIH, MASSAGE-RISKS, DVT-PATH and CAMBRON-2007).
DEFAULT_SOURCE = (
    "Written from the clinical reference's precautions for deep pressure and its notes on "
    "soreness after treatment; sources: "
    + cite(("MASSAGE-NCCIH", "MASSAGE-RISKS", "DVT-PATH", "CAMBRON-2007"))
    + "."
)
DEFAULT_TEXT = """\
Consent to trigger-point (neuromuscular) therapy

What the treatment is: your therapist presses on tight, tender spots in your muscles (trigger \
points) and holds the pressure for up to about a minute and a half, a few times per spot, \
followed by gentle stretching. You tell your therapist how much it hurts on a scale of 0 to 10; \
the pressure should stay bearable, and you can ask to stop at any moment.

What to expect afterwards: about one person in ten feels sore for a while after a session. \
The soreness usually starts within 12 hours and fades within 24 to 36 hours; it should settle \
by 72 hours. If it lasts longer, or is worse than your pain was before the session, tell the \
clinic so that the next session can be gentler.

When the treatment is not given, or is changed: please tell your therapist, before each \
session, if any of these apply to you: a suspected blood clot in a leg or an arm (no treatment, \
see a doctor the same day); fever or an acute illness (the session is postponed); an infection, \
open wound, burn, rash or shingles (that area is avoided); a recent fracture, operation or \
injury; blood-thinning medicine or a bleeding disorder (light pressure only); severe \
osteoporosis or cancer, or cancer treatment (a doctor's clearance first); pregnancy; an \
aneurysm of the main artery in the abdomen; disease of the neck arteries or a recent stroke; \
reduced feeling in the skin; varicose veins, lymphoedema or an implanted device.

Stop and contact the clinic or a doctor if, after a session, you notice new numbness, new \
weakness, bruising while taking blood thinners, a swollen arm or leg, or a fever.

Your consent is voluntary. You can withdraw it at any time on your page in Knotwork or by \
telling the clinic; no further sessions are then given.
"""


def current_text(clinic: Clinic) -> ConsentText:
    """The clinic's latest consent text; version 1 is the default the first time it is needed."""
    found = ConsentText.objects.filter(clinic=clinic).order_by("-version").first()
    if found is not None:
        return found
    text, _ = ConsentText.objects.get_or_create(
        clinic=clinic, version=1, defaults={"text": DEFAULT_TEXT, "source": DEFAULT_SOURCE}
    )
    return text


def consent_on_file(patient: Patient) -> TreatmentConsent | None:
    """The patient's latest consent, if it is not withdrawn."""
    latest = TreatmentConsent.objects.filter(patient=patient).first()
    if latest is None or latest.withdrawn_at is not None:
        return None
    return latest


def has_withdrawn(patient: Patient) -> bool:
    """The latest consent was withdrawn (and no new one given since)."""
    latest = TreatmentConsent.objects.filter(patient=patient).first()
    return latest is not None and latest.withdrawn_at is not None


@transaction.atomic
def save_consent_text(
    *, actor: User, clinic: Clinic, text: str, request: HttpRequest | None = None
) -> ConsentText:
    """A new version of the clinic's consent text (admins); earlier consents keep theirs."""
    words = text.strip()
    if not words:
        raise Refusal("The consent text cannot be empty.", field="text")
    latest = current_text(clinic)
    if words == latest.text.strip():
        raise Refusal("Nothing was changed.", field="text")
    saved = ConsentText.objects.create(
        clinic=clinic, version=latest.version + 1, text=words, created_by=actor
    )
    record_event(
        actor=actor,
        clinic=clinic,
        action=AuditAction.ADMIN,
        subject="consent_text",
        subject_id=saved.pk,
        detail=f"consent text version {saved.version}",
        changes={
            "version": {"old": latest.version, "new": saved.version},
            "text": {"old": latest.text, "new": saved.text},
        },
        request=request,
    )
    return saved


def _refuse_if_on_file(patient: Patient) -> None:
    if consent_on_file(patient) is not None:
        raise CourseError("A consent is already on file.")


@transaction.atomic
def sign_consent(
    *, actor: User, patient: Patient, signed_name: str, request: HttpRequest | None = None
) -> TreatmentConsent:
    """The patient signs the clinic's current text by typing their name."""
    if patient.user_id != actor.pk:
        raise CourseError("Only the patient signs their consent here; record a paper one.")
    name = signed_name.strip()
    if not name:
        raise Refusal("Type your name to sign.", field="signed_name")
    _refuse_if_on_file(patient)
    consent = TreatmentConsent.objects.create(
        patient=patient,
        consent_text=current_text(patient.clinic),
        method=ConsentMethod.SIGNED,
        signed_on=timezone.localdate(),
        signed_name=name,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    _audit(actor, consent, "signed by the patient", request)
    return consent


@transaction.atomic
def record_paper_consent(
    *, actor: User, patient: Patient, signed_on: date, request: HttpRequest | None = None
) -> TreatmentConsent:
    """The clinic records that the patient signed the current text on paper on `signed_on`."""
    if signed_on > timezone.localdate():
        raise Refusal("The day it was signed cannot be in the future.", field="signed_on")
    _refuse_if_on_file(patient)
    consent = TreatmentConsent.objects.create(
        patient=patient,
        consent_text=current_text(patient.clinic),
        method=ConsentMethod.PAPER,
        signed_on=signed_on,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    _audit(actor, consent, f"signed on paper on {signed_on}", request)
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: User, patient: Patient, reason: str = "", request: HttpRequest | None = None
) -> TreatmentConsent:
    """The patient withdraws consent (or the clinic records that they did): no more sessions."""
    consent = consent_on_file(patient)
    if consent is None:
        raise CourseError("There is no consent on file to withdraw.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_reason = reason.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CHANGE,
        subject="consent",
        subject_id=consent.pk,
        detail="consent withdrawn",
        request=request,
    )
    return consent


def _audit(actor: User, consent: TreatmentConsent, how: str, request: HttpRequest | None) -> None:
    record(
        actor=actor,
        patient=consent.patient,
        action=AuditAction.CREATE,
        subject="consent",
        subject_id=consent.pk,
        detail=f"treatment consent (text version {consent.text_version}) {how}",
        request=request,
    )
