"""Time differences in the database's own arithmetic, for the insight aggregates.

Django's portable date arithmetic runs on SQLite as Python functions registered with the
connection (`django_timestamp_diff`, `django_format_dtdelta`), called for every row and every
time an aggregate's filter repeats the expression: with 10,000 patients they were most of the
page's time. These two expressions use SQLite's `julianday` and PostgreSQL's own subtraction
instead (the only two databases Knotwork runs on).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Expression, FloatField, Func


class _Between(Func):
    # Only `as_sqlite` and `as_postgresql` are written: Knotwork runs on those two databases.
    arity = 2
    output_field = FloatField()

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, tuple[Any, ...]]:
        later, earlier = self.get_source_expressions()
        later_sql, later_params = compiler.compile(later)
        earlier_sql, earlier_params = compiler.compile(earlier)
        return later_sql, earlier_sql, (*later_params, *earlier_params)


class DaysBetween(_Between):
    """Days from the date `earlier` to the date `later` (a whole number for two dates)."""

    def __init__(self, later: Expression | str, earlier: Expression | str) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        later, earlier, params = self._parts(compiler, connection)
        return f"(julianday({later}) - julianday({earlier}))", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        later, earlier, params = self._parts(compiler, connection)
        return f"(({later})::date - ({earlier})::date)::double precision", params


class HoursBetween(_Between):
    """Hours from the moment `earlier` to the moment `later` (both stored in UTC)."""

    def __init__(self, later: Expression | str, earlier: Expression | str) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        later, earlier, params = self._parts(compiler, connection)
        return f"((julianday({later}) - julianday({earlier})) * 24.0)", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        later, earlier, params = self._parts(compiler, connection)
        return f"(EXTRACT(EPOCH FROM ({later}) - ({earlier})) / 3600.0)", params
