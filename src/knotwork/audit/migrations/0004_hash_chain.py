"""The hash chain, actor names kept as they were, old and new values, list reads; actors PROTECT.

Existing entries are chained in the order they were written (row id), their actors' current
names and emails copied in."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing(apps: Any, schema_editor: Any) -> None:
    from knotwork.audit.chain import GENESIS, HEAD_PK, entry_hash, normalised_address

    entry_model = apps.get_model("audit", "AuditEntry")
    head_model = apps.get_model("audit", "AuditChainHead")
    prev_hash, seq = GENESIS, 0
    for entry in entry_model.objects.select_related("actor").order_by("id").iterator():
        seq += 1
        if entry.actor is not None:
            entry.actor_name = entry.actor.display_name[:150]
            entry.actor_email = entry.actor.email
        entry.ip_address = normalised_address(entry.ip_address)
        entry.seq, entry.prev_hash = seq, prev_hash
        entry.hash = entry_hash(entry, prev_hash)
        entry.save()
        prev_hash = entry.hash
    head_model.objects.update_or_create(pk=HEAD_PK, defaults={"seq": seq, "hash": prev_hash})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_api_and_account_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_email",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="changes",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="patients",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("change", "Changed"),
                    ("delete", "Deleted"),
                    ("read", "Viewed"),
                    ("gate", "Safety gate decision"),
                    ("api", "API request"),
                    ("account", "Account security"),
                    ("admin", "Clinic administration"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(help_text="Place in the hash chain.", unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
