"""The clinic dashboard, patient pages, and a patient's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from knotwork.audit.services import record_list
from knotwork.clinics.models import InvitationKind
from knotwork.clinics.querysets import current_clinic, current_membership
from knotwork.clinics.services import LoginCodeError, invite, issue_login_code
from knotwork.common.forms import text_checked_by_forms
from knotwork.common.links import base_url
from knotwork.common.pagination import page_of
from knotwork.common.requests import AuthenticatedRequest
from knotwork.patients.forms import InvitePatientForm, PatientForm
from knotwork.patients.models import Patient, PatientQuerySet
from knotwork.patients.panels import (
    PATIENT_PANELS,
    PATIENT_PREFETCH,
    STAFF_PANELS,
    STAFF_PREFETCH,
    collect,
    collect_attention,
    lazy_panel,
    load,
    render_panel,
)
from knotwork.patients.querysets import clinic_patients, fetch_or_404, get_patient_for_staff
from knotwork.patients.services import create_patient, update_patient


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    patients = clinic_patients(request)
    query = request.GET.get("q", "").strip()
    if query:
        # Served on PostgreSQL by the trigram indexes of migration 0002.
        patients = patients.filter(
            Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(email__icontains=query)
            | Q(phone__icontains=query)
        )
    mine_only = request.GET.get("mine") == "1"
    if mine_only:
        patients = patients.filter(therapists=request.user)
    # One page and the total (a count and the page's rows): never a silent cut of the list.
    listing = page_of(request, patients)
    record_list(
        request,
        actor=request.user,
        clinic=current_clinic(request),
        patients=list(listing.page),
        subject="patient_list",
        detail=_list_words(query, mine_only),
    )
    context: dict[str, object] = {
        "patients": listing.page,
        "listing": listing,
        "query": query,
        "mine_only": mine_only,
    }
    # htmx asks for the list only while the user types in the search box.
    if request.headers.get("HX-Request"):
        return render(request, "patients/_patient_list.html", context)
    membership = current_membership(request)
    context["attention"] = collect_attention(request, membership.clinic) if membership else []
    return render(request, "patients/dashboard.html", context)


def _list_words(query: str, mine_only: bool) -> str:
    words = [f"search {query!r}"] if query else []
    return ", ".join([*words, "my patients only"] if mine_only else words) or "the dashboard"


@login_required
@text_checked_by_forms
def patient_new(request: AuthenticatedRequest) -> HttpResponse:
    clinic = current_clinic(request)
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = create_patient(
            actor=request.user, clinic=clinic, request=request, **form.cleaned_data
        )
        messages.success(request, f"{patient.full_name} added.")
        return redirect("patient_detail", patient_id=patient.pk)
    return render(
        request, "patients/patient_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _with_clinic() -> PatientQuerySet:
    """Patients with their clinic in the same query: the panels and the safety gate read its
    settings."""
    return Patient.objects.select_related("clinic")


@login_required
def patient_detail(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = fetch_or_404(request, _with_clinic(), patient_id, read="patient", staff_only=True)
    load(STAFF_PREFETCH, patient)
    # Only a patient without a login is offered an invitation, so only then is one looked up.
    pending = None
    if not patient.user_id:
        pending = patient.invitations.filter(accepted_at=None, revoked_at=None).first()
    context = {
        "patient": patient,
        "invite_form": InvitePatientForm(initial={"email": patient.email}),
        "pending_invitation": pending,
        "panels": collect(STAFF_PANELS, request, patient),
    }
    return render(request, "patients/patient_detail.html", context)


@login_required
def patient_panel(request: AuthenticatedRequest, patient_id: int, panel: str) -> HttpResponse:
    """One panel of the patient page that loads after it (`Lazy` in patients/panels.py): the
    fragment htmx swaps in, or, followed as a link without JavaScript, a page of its own.

    It is a read of the record of its own (the page may be long gone), so it is audited as one.
    """
    spec = lazy_panel(STAFF_PANELS, panel)
    if spec is None:
        raise Http404("No such panel.")
    patient = fetch_or_404(
        request,
        _with_clinic(),
        patient_id,
        read="patient_panel",
        read_id=spec.slug,
        staff_only=True,
    )
    load(spec.prefetch, patient)
    context = {
        "patient": patient,
        "title": spec.title,
        "panel": render_panel(spec.provider, request, patient),
    }
    if request.headers.get("HX-Request"):
        return render(request, "patients/_panel_fragment.html", context)
    return render(request, "patients/panel_page.html", context)


@login_required
@text_checked_by_forms
def patient_edit(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    # The form edits its own copy so that update_patient can compare old and new values.
    form = PatientForm(
        request.POST or None, instance=get_patient_for_staff(request.user, patient_id)
    )
    if request.method == "POST" and form.is_valid():
        update_patient(
            actor=request.user, patient=patient, changes=form.cleaned_data, request=request
        )
        messages.success(request, "Changes saved.")
        return redirect("patient_detail", patient_id=patient.pk)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "patient": patient},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def patient_invite(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = get_patient_for_staff(request.user, patient_id)
    form = InvitePatientForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid email address to send the invitation.")
        return redirect("patient_detail", patient_id=patient.pk)
    invitation = invite(
        actor=request.user,
        clinic=patient.clinic,
        email=form.cleaned_data["email"],
        kind=InvitationKind.PATIENT,
        patient=patient,
        base_url=base_url(),
        request=request,
    )
    messages.success(
        request,
        f"Invitation sent to {invitation.email}. The one-time link (valid 72 hours) went to "
        "their mailbox only; they set their own password.",
    )
    return redirect("patient_detail", patient_id=patient.pk)


@login_required
@require_POST
def patient_login_code(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """A one-time login code for a patient without email, shown once on a sheet to print and
    hand over; a new code withdraws the previous one."""
    patient = get_patient_for_staff(request.user, patient_id)
    try:
        printed = issue_login_code(actor=request.user, patient=patient, request=request)
    except LoginCodeError as error:
        messages.error(request, str(error))
        return redirect("patient_detail", patient_id=patient.pk)
    context = {
        "patient": patient,
        "printed": printed,
        "start_url": request.build_absolute_uri(reverse("login_code_start")),
    }
    response = render(request, "patients/login_code.html", context)
    # The sheet holds a working code: no copy in any cache, the browser's history included.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_record(request: AuthenticatedRequest) -> HttpResponse:
    """A patient's own page: only their record, never anybody else's."""
    patient = getattr(request.user, "patient_record", None)
    if patient is None:
        raise Http404("No patient record belongs to this login.")
    patient = fetch_or_404(request, Patient.objects.all(), patient.pk, read="own_record")
    load(PATIENT_PREFETCH, patient)
    panels = collect(PATIENT_PANELS, request, patient)
    return render(request, "patients/my_record.html", {"patient": patient, "panels": panels})
