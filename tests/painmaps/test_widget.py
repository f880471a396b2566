"""The drawing widget's HTML contract and its stylesheet's colours (the painmaps app's)."""

import json
from html.parser import HTMLParser
from pathlib import Path

import knotwork.painmaps
from knotwork.domain.bodymap import geometry, palette
from knotwork.domain.painmap import parse_marks
from knotwork.painmaps.presenters import widget_html

STATIC = Path(knotwork.painmaps.__file__).parent / "static" / "painmaps"


def test_it_uses_the_same_colours_in_the_widget_stylesheet() -> None:
    css = (STATIC / "bodymap.css").read_text()
    for intensity, colour in enumerate(palette.INTENSITY):
        assert f"--bm-i{intensity}: {colour};" in css
    assert f"--bm-unmarked: {palette.UNMARKED};" in css


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append({"tag": tag, **dict(attrs)})


def parsed(html: str) -> list[dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(html)
    return parser.found


def test_it_renders_the_widget_with_a_hidden_input_holding_the_marks() -> None:
    initial = parse_marks(
        [
            {"region": "low_back_left", "intensity": 6, "quality": "aching"},
            {"region": "mouth", "intensity": 3},
        ]
    )
    tags = parsed(widget_html(initial))
    hidden = next(t for t in tags if t["tag"] == "input" and t.get("type") == "hidden")
    assert hidden["name"] == "marks"
    assert parse_marks(json.loads(hidden["value"] or "")) == initial
    mouth_check = next(t for t in tags if t.get("data-inner-check") == "mouth")
    assert "checked" in mouth_check
    inner_rows = [t for t in tags if "data-inner-region" in t]
    assert [t["data-inner-region"] for t in inner_rows] == [r.id for r in geometry.inner_regions()]


def test_it_enables_copy_last_map_only_when_there_is_one() -> None:
    last = parse_marks([{"region": "sacrum", "intensity": 4}])
    without = next(t for t in parsed(widget_html()) if t.get("data-action") == "copy-last")
    with_last = parsed(widget_html(None, last))
    button = next(t for t in with_last if t.get("data-action") == "copy-last")
    root = next(t for t in with_last if "data-bodymap" in t)
    assert "disabled" in without and "disabled" not in button
    assert json.loads(root["data-last-map"] or "")["marks"][0]["region"] == "sacrum"


def test_it_hands_the_script_the_qualities_and_the_scale_in_a_json_element() -> None:
    from knotwork.domain.painmap import MAX_INTENSITY, QUALITIES

    html = widget_html(id_prefix="draw")
    element = html.split('<script id="draw-vocabulary" type="application/json">')[1]
    vocabulary = json.loads(element.split("</script>")[0])
    assert vocabulary == {"qualities": list(QUALITIES), "max_intensity": MAX_INTENSITY}
    script = (STATIC / "bodymap.js").read_text()
    assert not any(f'"{quality}"' in script for quality in QUALITIES)
