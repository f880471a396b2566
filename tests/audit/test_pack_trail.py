"""Instrument packs in the trail: loading and replacing one on the clinic's page, and what an
operator does with it in Django's admin (read-only there; a removal is an entry)."""

from __future__ import annotations

from django.test import Client

from knotwork.audit.chain import verify
from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.intake.models import InstrumentPackFile
from tests.conftest import Personas
from tests.intake.conftest import client_of, odi_pack, upload


def pack_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(subject="instrument_pack").order_by("seq"))


def test_loading_and_replacing_a_pack_are_entries_with_old_and_new_values(
    personas: Personas,
) -> None:
    admin = client_of(personas.admin_a)
    assert upload(admin, odi_pack()).status_code == 302
    assert upload(admin, odi_pack(licence="Licensed to Clinic A (agreement 2)", language="de"))

    loaded, replaced = pack_entries()
    assert (loaded.action, loaded.actor, loaded.clinic) == (
        AuditAction.ADMIN,
        personas.admin_a,
        personas.clinic_a,
    )
    assert loaded.changes["licence"] == {
        "old": None,
        "new": "Licensed to Clinic A (test agreement 1)",
    }
    assert "replaced the odi pack" in replaced.detail
    assert replaced.changes["licence"] == {
        "old": "Licensed to Clinic A (test agreement 1)",
        "new": "Licensed to Clinic A (agreement 2)",
    }
    assert replaced.changes["language"] == {"old": "en", "new": "de"}
    assert verify().intact


def test_an_operator_sees_a_pack_in_the_admin_but_cannot_change_it(
    personas: Personas, operator_client: Client
) -> None:
    upload(client_of(personas.admin_a), odi_pack())
    pack = InstrumentPackFile.objects.get()
    listing = operator_client.get("/admin/intake/instrumentpackfile/")
    assert listing.status_code == 200 and "Licensed to Clinic A" in listing.content.decode()
    page = operator_client.get(f"/admin/intake/instrumentpackfile/{pack.pk}/change/")
    assert page.status_code == 200 and 'name="licence"' not in page.content.decode()

    refused = operator_client.post(
        f"/admin/intake/instrumentpackfile/{pack.pk}/change/",
        {"licence": "Forged", "instrument": "odi", "clinic": personas.clinic_a.pk},
    )
    assert refused.status_code == 403
    assert InstrumentPackFile.objects.get().licence == "Licensed to Clinic A (test agreement 1)"
    assert operator_client.get("/admin/intake/instrumentpackfile/add/").status_code == 403


def test_an_operator_removing_a_pack_is_an_entry_of_the_clinic(
    personas: Personas, operator_client: Client
) -> None:
    upload(client_of(personas.admin_a), odi_pack())
    pack = InstrumentPackFile.objects.get()
    removed = operator_client.post(
        f"/admin/intake/instrumentpackfile/{pack.pk}/delete/", {"post": "yes"}
    )
    assert removed.status_code == 302 and not InstrumentPackFile.objects.exists()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.subject == "instrumentpackfile"
    assert (entry.actor_email, entry.clinic) == ("operator@example.com", personas.clinic_a)
    assert entry.detail.endswith("deleted in the Django admin")
    assert verify().intact
