"""Emails in lower case: logins that differ only in case were two accounts for one person, and
an upper-case address could not log in. Refuses to run while two logins would collide."""

from typing import Any

from django.db import migrations, models
from django.db.models.functions import Lower


def lower_case_emails(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    seen: dict[str, str] = {}
    clashes = []
    for email in User.objects.values_list("email", flat=True):
        lowered = email.strip().lower()
        if lowered in seen:
            clashes.append(f"{seen[lowered]} and {email}")
        seen[lowered] = email
    if clashes:
        raise RuntimeError(
            "These logins differ only in upper and lower case, and Knotwork now compares emails "
            "ignoring case: " + "; ".join(clashes) + ". Give one of each pair another address "
            "(or deactivate and rename it) with `knotwork manage shell`, then migrate again."
        )
    for user in User.objects.all():
        lowered = user.email.strip().lower()
        if lowered != user.email:
            user.email = lowered
            user.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("email"), name="one_login_per_email_ignoring_case"
            ),
        ),
    ]
