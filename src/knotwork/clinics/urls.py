"""Pages for clinic admins (members, invitations, the audit trail) and switching clinic."""

from django.urls import path

from knotwork.clinics import views

urlpatterns = [
    path("clinic/members/", views.members, name="clinic_members"),
    path("clinic/members/<int:membership_id>/", views.member_change, name="member_change"),
    path(
        "clinic/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("clinic/audit/", views.audit_log, name="audit_log"),
    path("clinic/audit/export.csv", views.audit_export, name="audit_export"),
    path("clinic/switch/", views.switch_clinic, name="switch_clinic"),
]
