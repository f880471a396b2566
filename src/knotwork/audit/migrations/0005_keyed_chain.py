"""The chain is keyed from here on: entries written from now are HMAC-SHA256 hashes with a key
derived from the secret key (kept outside the database), and the head row signs itself.

Entries already written keep their plain SHA-256 hashes and stay verifiable as they are: the
head records that the keyed part begins with the next entry, and signs that with the key."""

from typing import Any

from django.db import migrations, models


def key_the_head(apps: Any, schema_editor: Any) -> None:
    from knotwork.audit.chain import GENESIS, HEAD_PK, head_mac

    head_model = apps.get_model("audit", "AuditChainHead")
    head, _ = head_model.objects.get_or_create(pk=HEAD_PK, defaults={"seq": 0, "hash": GENESIS})
    head.keyed_from = head.seq + 1
    head.mac = head_mac(head.seq, head.hash, head.keyed_from)
    head.save()


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="keyed_from",
            field=models.PositiveBigIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="mac",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(key_the_head, migrations.RunPython.noop),
    ]
