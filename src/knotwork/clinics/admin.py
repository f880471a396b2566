from django.contrib import admin

from knotwork.clinics.models import Clinic, Membership


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin[Clinic]):
    list_display = ("name", "is_demo", "created_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "clinic", "role", "is_active")
    list_filter = ("role", "clinic")
