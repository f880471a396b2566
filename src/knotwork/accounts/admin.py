from django.contrib import admin

from knotwork.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "display_name", "is_active", "is_superuser", "last_login")
    search_fields = ("email", "display_name")
    exclude = ("password",)
