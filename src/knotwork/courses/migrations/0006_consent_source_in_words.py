"""The default consent text's source line named the reference's sections and keys; name them in
words, as the default now does (an admin reads it on the consent page)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

OLD = (
    "Written from the clinical reference: E.4 (contraindications for deep tissue and "
    "trigger-point pressure, a summary of section C) and E.2 (post-treatment soreness); "
    "sources MASSAGE-NCCIH, MASSAGE-RISKS, DVT-PATH, CAMBRON-2007."
)
NEW = (
    "Written from the clinical reference's precautions for deep pressure and its notes on "
    "soreness after treatment; sources: NCCIH, Massage therapy: what you need to know; clinic "
    "guidance on massage contraindications; somatics.de pathology table; Cambron et al., "
    "J Altern Complement Med 2007."
)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("courses", "ConsentText").objects.filter(source=OLD).update(source=NEW)


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("courses", "ConsentText").objects.filter(source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_mail_accepted_and_leased")]
    operations = [migrations.RunPython(forwards, backwards)]
