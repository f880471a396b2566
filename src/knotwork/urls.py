"""Every URL of Knotwork. tests/test_access_matrix.py fails when one has no access rule."""

from django.contrib import admin
from django.urls import include, path

from knotwork.accounts import views as accounts
from knotwork.api.root import api
from knotwork.clinics import views as clinics
from knotwork.finder import muscle_views as muscles
from knotwork.finder import views as finder
from knotwork.live import views as live
from knotwork.painmaps import views as painmaps
from knotwork.patients import views as patients
from knotwork.web.health import healthz

urlpatterns = [
    path("", accounts.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("login/", accounts.KnotworkLoginView.as_view(), name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("invite/<str:token>/", accounts.accept_invitation_view, name="accept_invitation"),
    path("patients/", patients.dashboard, name="dashboard"),
    path("patients/new/", patients.patient_new, name="patient_new"),
    path("patients/<int:patient_id>/", patients.patient_detail, name="patient_detail"),
    path("patients/<int:patient_id>/edit/", patients.patient_edit, name="patient_edit"),
    path("patients/<int:patient_id>/invite/", patients.patient_invite, name="patient_invite"),
    path("me/", patients.my_record, name="my_record"),
    path("patients/<int:patient_id>/live/", live.live_start, name="live_start"),
    path("live/<int:live_id>/", live.live_screen, name="live_screen"),
    path("live/<int:live_id>/end/", live.live_end, name="live_end"),
    path("live/<int:live_id>/summary/", live.live_summary, name="live_summary"),
    path("live/join/<str:token>/", live.live_join, name="live_join"),
    path("live/code/", live.live_code, name="live_code"),
    path(
        "patients/<int:patient_id>/pain-maps/", painmaps.pain_map_history, name="pain_map_history"
    ),
    path("patients/<int:patient_id>/pain-maps/new/", painmaps.staff_draw, name="staff_draw"),
    path("patients/<int:patient_id>/pain-maps.csv", painmaps.pain_maps_csv, name="pain_maps_csv"),
    path(
        "patients/<int:patient_id>/drawing-link/",
        painmaps.send_drawing_link,
        name="send_drawing_link",
    ),
    path("pain-maps/<int:pain_map_id>/", painmaps.pain_map_detail, name="pain_map_detail"),
    path("pain-maps/<int:pain_map_id>.svg", painmaps.pain_map_svg, name="pain_map_svg"),
    path("me/pain-maps/new/", painmaps.my_draw, name="my_draw"),
    path("draw/<str:token>/", painmaps.link_draw, name="link_draw"),
    path(
        "pain-maps/<int:pain_map_id>/trigger-points/",
        finder.candidates_page,
        name="finder_candidates",
    ),
    path(
        "pain-maps/<int:pain_map_id>/palpation/", finder.record_palpation, name="finder_palpation"
    ),
    path("muscles/", muscles.muscle_list, name="muscle_list"),
    path("muscles/<str:muscle_id>/", muscles.muscle_detail, name="muscle_detail"),
    path("clinic/members/", clinics.members, name="clinic_members"),
    path("clinic/members/<int:membership_id>/", clinics.member_change, name="member_change"),
    path(
        "clinic/invitations/<int:invitation_id>/revoke/",
        clinics.invitation_revoke,
        name="invitation_revoke",
    ),
    path("clinic/audit/", clinics.audit_log, name="audit_log"),
    path("clinic/switch/", clinics.switch_clinic, name="switch_clinic"),
    path("", include("knotwork.intake.urls")),
    path("", include("knotwork.courses.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
