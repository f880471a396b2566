"""Trigram indexes for the dashboard's patient search, on PostgreSQL only (a no-op on SQLite).

The search is `icontains` on names, email and phone, which Django writes as
`UPPER(column::text) LIKE UPPER('%text%')`: a leading wildcard no B-tree index can serve, so
PostgreSQL scanned the whole table (about 90 ms at 100,000 patients). pg_trgm's GIN indexes on
exactly those expressions serve it (benchmarks/scale.py prints the plan). SQLite has no such
index; a clinic on SQLite is small enough to scan.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = ("given_name", "family_name", "email", "phone")


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS patients_patient_{column}_trgm ON patients_patient "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS patients_patient_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
