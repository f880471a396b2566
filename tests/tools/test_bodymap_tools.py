"""The build tools' output is what they would write now: no stale data file, no stale demo page."""

from tools.bodymap import build_geometry, demo_page


def test_it_keeps_the_stored_geometry_in_step_with_the_build_script() -> None:
    stored = build_geometry.GEOMETRY_FILE.read_text()
    assert build_geometry.render_json(build_geometry.build()) == stored


def test_it_keeps_the_demo_page_current() -> None:
    assert demo_page.DEMO_FILE.read_text() == demo_page.demo_html()
