"""A clinic's licensed wording loads from an instrument pack that must match the definition."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from knotwork.domain.outcomes import PackError, apply_pack, instrument, load_pack


def _odi_pack() -> dict[str, Any]:
    return {
        "format": "knotwork-instrument-pack/1",
        "instrument": "odi",
        "version": "2.1a",
        "language": "en",
        "licence": "Licensed to Example Clinic, agreement 1",
        "instructions": "Licensed instructions.",
        "items": [
            {
                "number": n,
                "text": f"Licensed heading {n}",
                "options": [{"value": v, "text": f"Licensed statement {n}.{v}"} for v in range(6)],
            }
            for n in range(1, 11)
        ],
    }


def test_it_loads_a_yaml_pack_and_puts_its_wording_on_the_items(tmp_path: Path) -> None:
    path = tmp_path / "odi.yaml"
    path.write_text(yaml.safe_dump(_odi_pack()))
    worded = apply_pack(instrument("odi"), load_pack(path))
    assert worded.item(3).text == "Licensed heading 3"
    assert worded.item(3).response.options[5].label == "Licensed statement 3.5"
    assert worded.instructions == "Licensed instructions."
    assert instrument("odi").item(3).text is None


def test_it_loads_a_json_pack(tmp_path: Path) -> None:
    path = tmp_path / "odi.json"
    path.write_text(json.dumps(_odi_pack()))
    assert load_pack(path).instrument == "odi"


def test_it_refuses_a_pack_with_too_few_items(tmp_path: Path) -> None:
    pack = _odi_pack()
    pack["items"] = pack["items"][:9]
    path = tmp_path / "odi.yaml"
    path.write_text(yaml.safe_dump(pack))
    with pytest.raises(PackError, match=r"items missing: \[10\]"):
        load_pack(path)


def test_it_refuses_a_pack_whose_options_differ_from_the_instrument(tmp_path: Path) -> None:
    pack = _odi_pack()
    pack["items"][0]["options"] = [{"value": v, "text": "x"} for v in range(1, 7)]
    path = tmp_path / "odi.yaml"
    path.write_text(yaml.safe_dump(pack))
    with pytest.raises(PackError, match="item 1: options"):
        load_pack(path)


def test_it_refuses_a_pack_of_another_version(tmp_path: Path) -> None:
    pack = {
        "format": "knotwork-instrument-pack/1",
        "instrument": "psfs",
        "version": "2.0",
        "licence": "free",
        "anchors": {0: "a", 10: "b"},
    }
    path = tmp_path / "psfs.yaml"
    path.write_text(yaml.safe_dump(pack))
    with pytest.raises(PackError, match="version"):
        load_pack(path)


def test_it_refuses_a_pack_without_a_licence_statement(tmp_path: Path) -> None:
    pack = _odi_pack()
    pack["licence"] = ""
    path = tmp_path / "odi.yaml"
    path.write_text(yaml.safe_dump(pack))
    with pytest.raises(PackError, match="licence"):
        load_pack(path)


def test_it_loads_start_back_wording_for_both_response_sets(tmp_path: Path) -> None:
    items = [
        {
            "number": n,
            "text": f"Keele item {n}",
            "options": [{"value": 0, "text": "Disagree"}, {"value": 1, "text": "Agree"}],
        }
        for n in range(1, 9)
    ]
    items.append(
        {
            "number": 9,
            "text": "Keele item 9",
            "options": [{"value": v, "text": f"level {v}"} for v in range(5)],
        }
    )
    pack = {
        "format": "knotwork-instrument-pack/1",
        "instrument": "start_back",
        "version": "9-item",
        "licence": "Keele agreement",
        "items": items,
    }
    path = tmp_path / "sb.yaml"
    path.write_text(yaml.safe_dump(pack))
    worded = apply_pack(instrument("start_back"), load_pack(path))
    assert worded.item(9).response.options[4].label == "level 4"
