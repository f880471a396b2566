"""The session record: any number of trigger points, errors at the top and beside the field,
amendments as field old -> new with the signed original one click away, the live trace."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from knotwork.courses.models import TreatmentSession
from knotwork.courses.services import amend_session, record_session, sign_session, start_course
from tests.conftest import Personas
from tests.courses.conftest import POINT, Clock, client_of, ready_patient, screen_today

TARGET = "muscle_list:quadratus_lumborum/deep/left"


def first_session(personas: Personas, clock: Clock) -> TreatmentSession:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    screen_today(personas, clock.today())
    return course.treatment_sessions.get(number=1)


def form(clock: Clock, rows: list[dict[str, str]], **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_at": clock.now.strftime("%Y-%m-%dT%H:%M"),
        "pre_nprs": "6",
        "points-TOTAL_FORMS": str(len(rows)),
        "points-INITIAL_FORMS": "0",
        **extra,
    }
    for index, row in enumerate(rows):
        data.update({f"points-{index}-{k}": v for k, v in row.items()})
    return data


def test_it_adds_rows_without_javascript_and_records_any_number_of_points(
    personas: Personas, clock: Clock
) -> None:
    session = first_session(personas, clock)
    therapist = client_of(personas.therapist_a)
    page = therapist.get(f"/sessions/{session.pk}/record/").content.decode()
    assert page.count('<fieldset class="point">') == 1 + 1, "one row and its template"
    row = {"target": TARGET, "pressure_grade": "3", "hold_seconds": "60"}
    more = therapist.post(f"/sessions/{session.pk}/record/", form(clock, [row], add_point="1"))
    assert more.status_code == 200
    shown = more.content.decode()
    assert 'name="points-1-target"' in shown and 'value="60"' in shown
    session.refresh_from_db()
    assert not session.is_held, "adding a row saves nothing"

    rows = [{**row, "hold_seconds": str(30 + n)} for n in range(6)]
    rows[2]["DELETE"] = "on"
    saved = therapist.post(f"/sessions/{session.pk}/record/", form(clock, rows))
    assert saved.status_code == 302
    holds = sorted(p.hold_seconds or 0 for p in session.points.all())
    assert holds == [30, 31, 33, 34, 35], "six rows, the removed one left out"


def test_it_lists_every_error_at_the_top_linked_to_its_field_and_beside_it(
    personas: Personas, clock: Clock
) -> None:
    session = first_session(personas, clock)
    client: Client = client_of(personas.therapist_a)
    rows = [{"target": TARGET, "discomfort": "11"}]
    response = client.post(f"/sessions/{session.pk}/record/", form(clock, rows, pre_nprs=""))
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "3 things to fix" in summary
    assert 'href="#id_pre_nprs"' in summary
    assert 'href="#id_points-0-discomfort"' in summary and "Use the 0-10 scale" in summary
    assert "Give the pressure" in summary
    beside = page.split('name="points-0-discomfort"', 1)[1].split("</label>", 1)[0]
    assert "Use the 0-10 scale" in beside


def test_amendments_show_field_old_and_new_with_the_signed_original_a_click_away(
    personas: Personas, clock: Clock
) -> None:
    session = first_session(personas, clock)
    record_session(
        actor=personas.therapist_a,
        session=session,
        held_at=clock.now,
        fields={"pre_nprs": 6, "post_nprs": 4, "subjective": "Stiff."},
        points=[POINT],
    )
    sign_session(actor=personas.therapist_a, session=session)
    clock.advance(minutes=30)
    amend_session(
        actor=personas.therapist_a,
        session=session,
        fields={"post_nprs": 3},
        points=None,
        reason="Misread the scale.",
    )
    therapist = client_of(personas.therapist_a)
    page = therapist.get(f"/sessions/{session.pk}/").content.decode()
    changes = page.split('class="table changes"', 1)[1].split("</table>", 1)[0]
    assert "Pain after" in changes and ">4<" in changes and ">3<" in changes
    assert "Misread the scale." in page and "therapist.a" in page
    assert f'href="/sessions/{session.pk}/original/"' in page
    original = therapist.get(f"/sessions/{session.pk}/original/").content.decode()
    assert "<dt>Pain after</dt><dd" in original
    assert original.split("<dt>Pain after</dt>", 1)[1].split("</dd>", 1)[0].endswith("4")
    assert "Quadratus lumborum" in original


def test_the_live_trace_shows_on_the_record_and_pre_fills_its_rows(
    personas: Personas, clock: Clock
) -> None:
    from knotwork.live.models import LiveEvent
    from knotwork.live.services import end_live_session, start_live_session

    session = first_session(personas, clock)
    live = start_live_session(
        actor=personas.therapist_a, patient=personas.patient, treatment_session=session
    )
    start = clock.now
    wire = "quadratus_lumborum__deep"
    moments = [start + timedelta(seconds=s) for s in (0, 10, 30, 50)]
    events = [
        LiveEvent(live_session=live, kind="next_trigger_point", at=moments[0], trigger_point=wire)
    ]
    events += [
        LiveEvent(live_session=live, kind="discomfort", at=moment, value=value, seq=seq)
        for seq, (moment, value) in enumerate(zip(moments[1:], (5, 7, 4), strict=True), start=1)
    ]
    LiveEvent.objects.bulk_create(events)
    end_live_session(actor=personas.therapist_a, live=live)
    page = client_of(personas.therapist_a).get(f"/sessions/{session.pk}/record/").content.decode()
    traces = page.split('id="live-traces"', 1)[1].split("</div>\n    {{", 1)[0]
    assert "peak 7, final 4" in traces and "<svg" in traces
    assert "filled in from it" in page
    selected = page.split('name="points-0-target"', 1)[1].split("</select>", 1)[0]
    assert 'value="live:quadratus_lumborum/deep/" selected' in selected
    assert 'name="points-0-discomfort" value="7"' in page
