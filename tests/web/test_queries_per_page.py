"""Each page does its work once: no query repeated on a page, shared relations read once.

Counts, not timing (timing lives in benchmarks/http_load.py). The demo clinic gives every page
something to show: Jordan has a pain map, an intake, screens, scores and a course with sessions.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from knotwork.accounts.models import User
from knotwork.courses.models import Course
from knotwork.demo import seed_demo_clinic
from knotwork.patients.models import Patient
from knotwork.patients.panels import STAFF_PANELS, Lazy

# The patient page's panels that load after it (patients/panels.py): each fragment is a page here.
LAZY_PANELS = [panel.slug for panel in STAFF_PANELS if isinstance(panel, Lazy)]


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    seed_demo_clinic()
    jordan = Patient.objects.get(given_name="Jordan")
    pain_map = jordan.pain_maps.first()
    course = Course.objects.get(patient=jordan)
    first_session = course.treatment_sessions.first()
    assert pain_map is not None and first_session is not None
    return {
        "therapist": User.objects.get(email="maria@example.com"),
        "patient_user": User.objects.get(email="jordan@example.com"),
        "jordan": jordan.pk,
        "pain_map": pain_map.pk,
        "course": course.pk,
        "session": first_session.pk,
    }


def panel_url(slug: str, d: dict[str, Any]) -> str:
    """A lazy panel of Jordan's page, as its fallback link opens it (no htmx)."""
    return f"/patients/{d['jordan']}/panels/{slug}/"


STAFF_PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "dashboard": lambda d: "/patients/",
    "dashboard search": lambda d: "/patients/?q=jor",
    "patient page": lambda d: f"/patients/{d['jordan']}/",
    "pain-map history": lambda d: f"/patients/{d['jordan']}/pain-maps/",
    "pain map": lambda d: f"/pain-maps/{d['pain_map']}/",
    "finder": lambda d: f"/pain-maps/{d['pain_map']}/trigger-points/",
    "course": lambda d: f"/courses/{d['course']}/",
    "session": lambda d: f"/sessions/{d['session']}/",
    "clinic insight": lambda d: "/insight/",
    **{f"patient panel: {slug}": functools.partial(panel_url, slug) for slug in LAZY_PANELS},
    "api: patients": lambda d: "/api/v1/patients",
    "api: pain maps": lambda d: f"/api/v1/patients/{d['jordan']}/pain-maps",
}
PATIENT_PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "my record": lambda d: "/me/",
    "api: my pain maps": lambda d: f"/api/v1/patients/{d['jordan']}/pain-maps",
}


def queries_of(client: Client, url: str, **headers: str) -> list[str]:
    # The first request saves the session's last-seen time; the page is measured after it.
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def repeated(queries: list[str]) -> dict[str, int]:
    return {sql: count for sql, count in Counter(queries).items() if count > 1}


@pytest.mark.parametrize("page", list(STAFF_PAGES))
def test_it_runs_no_query_twice_on_a_staff_page(demo: dict[str, Any], page: str) -> None:
    client = Client()
    client.force_login(demo["therapist"])
    assert repeated(queries_of(client, STAFF_PAGES[page](demo))) == {}


@pytest.mark.parametrize("page", list(PATIENT_PAGES))
def test_it_runs_no_query_twice_on_a_patient_page(demo: dict[str, Any], page: str) -> None:
    client = Client()
    client.force_login(demo["patient_user"])
    assert repeated(queries_of(client, PATIENT_PAGES[page](demo))) == {}


@pytest.mark.parametrize("slug", LAZY_PANELS)
def test_it_runs_no_query_twice_in_a_patient_page_fragment(demo: dict[str, Any], slug: str) -> None:
    """As htmx asks for it (the fragment) and as its fallback page without JavaScript."""
    client = Client()
    client.force_login(demo["therapist"])
    url = f"/patients/{demo['jordan']}/panels/{slug}/"
    assert repeated(queries_of(client, url, HX_Request="true")) == {}


def test_the_patient_page_runs_fewer_than_fifteen_queries(demo: dict[str, Any]) -> None:
    """The details and the safety gate, with the session, the audit entry and the clinic: the
    heavier panels come after it, each in its own request."""
    client = Client()
    client.force_login(demo["therapist"])
    queries = queries_of(client, f"/patients/{demo['jordan']}/")
    assert len(queries) < 15, "\n".join(queries)


def test_the_patient_pages_panels_read_each_relation_once(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["therapist"])
    queries = queries_of(client, f"/patients/{demo['jordan']}/")
    # The clearances and screens the safety panel and the gate both read: one query each.
    for table in ("intake_clearance", "intake_redflagscreen", "intake_presessionscreen"):
        assert sum(f'FROM "{table}"' in sql for sql in queries) == 1, table
    # The latest maps with their marks, which the finder's panel reads: one query each.
    finder = queries_of(client, f"/patients/{demo['jordan']}/panels/finder/", HX_Request="true")
    assert sum('FROM "painmaps_painmark"' in sql for sql in finder) == 1


def test_the_finder_that_learns_runs_no_query_twice(demo: dict[str, Any]) -> None:
    from knotwork.clinics.models import Clinic
    from knotwork.finder.models import PalpationFinding
    from knotwork.painmaps.models import PainMapRecord

    Clinic.objects.filter(is_demo=True).update(learn_from_findings=True)
    # Findings on every other demo map, so that the learned layer reads maps and marks.
    for other in PainMapRecord.objects.exclude(pk=demo["pain_map"]).select_related("patient"):
        PalpationFinding.objects.create(
            patient=other.patient,
            pain_map=other,
            muscle="quadratus_lumborum",
            trigger_point="deep",
            side="right",
            found=True,
            tenderness=2,
        )
    client = Client()
    client.force_login(demo["therapist"])
    for url in (
        f"/pain-maps/{demo['pain_map']}/trigger-points/",
        f"/api/v1/pain-maps/{demo['pain_map']}/candidates",
    ):
        assert repeated(queries_of(client, url)) == {}


def test_the_finder_settings_page_runs_no_query_twice(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.get(email="admin@example.com"))
    assert repeated(queries_of(client, "/clinic/finder/")) == {}
