"""Nothing that leaves the clinic, and no page that names a source, shows the reference's source
keys ("OSTELO-2008"), its section codes ("E.2") or the knowledge base's ids
("quadratus_lumborum"): every source is named in words. Each document is read as a reader reads
it (the PDF's text by pypdf, a page's text without its markup)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

import yaml

from tests.conftest import Personas
from tests.reports.conftest import client_of, pdf_text

# A key as the reference writes it: capitals and digits joined by hyphens ("CAMBRON-2007",
# "NAMTPT-QL"); a section code ("E.2", "B.8.7"); an id in snake case ("low_back_right").
KEY_SHAPE = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
SECTION_CODE = re.compile(r"\b(?:section |reference )?[A-G]\.[0-9]+(?:\.[0-9]+)?\b")
SNAKE_ID = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# Names that have the shape of a key but are what a reader calls them: an instrument, and the
# levels of the spine ("T7-T12", "L1-L5").
NAMES = {"PSS-10"}
SPINAL_LEVELS = re.compile(r"[CTLS][0-9]+(?:-[CTLS]?[0-9]+)+")


@cache
def source_keys() -> frozenset[str]:
    """Every source key the project knows: the readable citations', the knowledge base's and
    the handout's (the whole-word keys, such as TS1, that KEY_SHAPE does not catch)."""
    from knotwork.domain import knowledge
    from knotwork.domain.citations import citations
    from knotwork.reports.presenters.handout import AFTERCARE

    handout = yaml.safe_load(AFTERCARE.read_text(encoding="utf-8"))
    return frozenset({*citations(), *knowledge.load().sources, *handout["sources"]})


def shown_codes(text: str) -> list[str]:
    """The keys, section codes and ids in `text` (empty when every source is in words)."""
    found = [
        m for m in KEY_SHAPE.findall(text) if m not in NAMES and not SPINAL_LEVELS.fullmatch(m)
    ]
    found += SECTION_CODE.findall(text) + SNAKE_ID.findall(text)
    found += [key for key in source_keys() if re.search(rf"\b{re.escape(key)}\b", text)]
    return sorted(set(found))


class _Text(HTMLParser):
    """A page's words as a reader sees them: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_the_checks_find_what_they_look_for() -> None:
    # The checks themselves can fail: each shape is found where it is.
    assert shown_codes("the MCID is 2 points (OSTELO-2008)") == ["OSTELO-2008"]
    assert shown_codes("see E.2 and reference B.8.7") == ["E.2", "reference B.8.7"]
    assert shown_codes("pressed quadratus_lumborum") == ["quadratus_lumborum"]
    assert shown_codes("from TS1, the manual") == ["TS1"]
    assert shown_codes("Ostelo et al., Spine 2008; PSS-10; NPRS 0-10; T7-T12") == []
    assert page_text('<p class="a_b">Pain <script>x_y()</script>map</p>') == "Pain map"


def test_no_pdf_of_a_demo_course_shows_a_source_key_or_an_id(demo_course: Any) -> None:
    from knotwork.courses.models import TreatmentSession

    patient = demo_course.patient
    therapist = client_of(demo_course.therapist)
    own = client_of(patient.user)
    session = TreatmentSession.objects.filter(course=demo_course, signed_at__isnull=False).first()
    assert session is not None
    maps = list(patient.pain_maps.order_by("drawn_at", "id"))
    documents = {
        "progress report": therapist.get(f"/api/v1/courses/{demo_course.pk}/report"),
        "home-care handout": own.get(f"/sessions/{session.pk}/home-care.pdf"),
        "pain-map print": own.get(f"/pain-maps/{maps[-1].pk}/print.pdf?compare={maps[0].pk}"),
        "patient record": own.get("/me/record.pdf"),
    }
    texts = {}
    for name, response in documents.items():
        assert response.status_code == 200, name
        texts[name] = pdf_text(response.content)
    # The MCID explanations name their sources in words (the reference's authors and year).
    assert "(Ostelo et al., Spine 2008)" in texts["progress report"]
    assert "Cambron and colleagues" in texts["home-care handout"]

    shown = {name: shown_codes(text) for name, text in texts.items()}

    assert shown == {name: [] for name in documents}


def test_the_clearance_request_names_the_red_flags_in_words(personas: Personas) -> None:
    from knotwork.intake.services.safety import record_intake_screen

    patient = personas.patient
    patient.physician_name = "Dr Sam Lee"
    patient.save()
    record_intake_screen(
        actor=personas.therapist_a,
        patient=patient,
        answers={"rf_weight_loss": True, "rf_fever": True, "rf_night_pain": True},
    )
    therapist = client_of(personas.therapist_a)
    made = therapist.post(f"/patients/{patient.pk}/clearance-request/")
    assert made.status_code == 302

    text = pdf_text(therapist.get(f"{made['Location']}pdf/").content)

    assert "What we found" in text and shown_codes(text) == []


def test_the_pages_that_name_sources_name_them_in_words(demo_course: Any) -> None:
    from knotwork.accounts.models import User

    # The consent text is the admin's page; the others are every therapist's.
    admin = client_of(User.objects.get(email="admin@example.com"))
    therapist = client_of(demo_course.therapist)
    pages = {
        "consent text": "/clinic/consent/",
        "how the finder ranks": "/trigger-points/how-they-are-ranked/",
        "course": f"/courses/{demo_course.pk}/",
        "a muscle's page": "/muscles/quadratus_lumborum/",
    }
    shown = {}
    for name, url in pages.items():
        response = (admin if name == "consent text" else therapist).get(url)
        assert response.status_code == 200, (name, url)
        shown[name] = shown_codes(page_text(response.content.decode()))

    assert shown == {name: [] for name in pages}
