"""A broken knowledge-base file fails on load with a message naming the file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knotwork.domain.knowledge import KnowledgeError, load_directory
from knotwork.domain.knowledge.loader import bundled_data_dir, spec_muscles


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_it_loads_an_unchanged_copy(data_copy: Path) -> None:
    assert len(load_directory(data_copy).muscles) == len(spec_muscles())


def test_it_names_file_entry_and_field_for_an_unknown_region(data_copy: Path) -> None:
    _break(data_copy / "muscles" / "levator_scapulae.yaml", "[neck_back_lower_S]", "[neck_bak_S]")
    with pytest.raises(KnowledgeError) as caught:
        load_directory(data_copy)
    message = str(caught.value)
    assert "levator_scapulae.yaml" in message
    assert "trigger point 'main'" in message
    assert "'essential'" in message
    assert "neck_bak_S" in message


def test_it_refuses_an_empty_essential_zone(data_copy: Path) -> None:
    _break(
        data_copy / "muscles" / "rhomboids.yaml", "essential: [interscapular_S]", "essential: []"
    )
    with pytest.raises(KnowledgeError, match=r"rhomboids\.yaml.*'essential'.*missing or empty"):
        load_directory(data_copy)


def test_it_refuses_an_unknown_factor(data_copy: Path) -> None:
    _break(
        data_copy / "muscles" / "masseter.yaml",
        "factors: [bruxism_clenching]",
        "factors: [grinding]",
    )
    with pytest.raises(KnowledgeError, match=r"masseter\.yaml.*'activating'.*grinding"):
        load_directory(data_copy)


def test_it_refuses_a_trigger_point_without_sources(data_copy: Path) -> None:
    _break(
        data_copy / "muscles" / "soleus.yaml",
        "sources: [TS2, NAMTPT-SOLEUS, SOLEUS-PMC]",
        "sources: []",
    )
    with pytest.raises(KnowledgeError, match=r"soleus\.yaml.*'sources'"):
        load_directory(data_copy)


def test_it_refuses_a_source_key_the_reference_does_not_list(data_copy: Path) -> None:
    _break(data_copy / "muscles" / "soleus.yaml", "NAMTPT-SOLEUS", "MY-BLOG")
    with pytest.raises(KnowledgeError, match="MY-BLOG"):
        load_directory(data_copy)


def test_it_refuses_a_missing_muscle(data_copy: Path) -> None:
    (data_copy / "muscles" / "digastric.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"digastric\.yaml.*file missing"):
        load_directory(data_copy)


def test_it_refuses_an_unknown_side_rule(data_copy: Path) -> None:
    _break(
        data_copy / "muscles" / "supraspinatus.yaml", "side_rule: same_side", "side_rule: sideways"
    )
    with pytest.raises(KnowledgeError, match=r"supraspinatus\.yaml.*'side_rule'.*sideways"):
        load_directory(data_copy)


def test_it_refuses_a_part_whose_zone_lies_outside_its_trigger_point_row(data_copy: Path) -> None:
    _break(
        data_copy / "muscles" / "quadratus_lumborum.yaml",
        "{id: lower, essential: [hip_lateral_S]}",
        "{id: lower, essential: [heel_S]}",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_directory(data_copy)
    message = str(caught.value)
    assert "quadratus_lumborum.yaml" in message
    assert "part 'lower'" in message
    assert "'essential'" in message
    assert "heel_S" in message


def test_it_refuses_a_frequency_statement_for_an_unknown_muscle(data_copy: Path) -> None:
    _break(data_copy / "frequency.yaml", "muscle: sartorius", "muscle: sartorious")
    with pytest.raises(KnowledgeError, match=r"frequency\.yaml.*'muscle'.*sartorious"):
        load_directory(data_copy)


def test_it_refuses_a_frequency_level_it_does_not_know(data_copy: Path) -> None:
    _break(data_copy / "frequency.yaml", "level: less_common", "level: rare")
    with pytest.raises(KnowledgeError, match=r"frequency\.yaml.*'level'.*'rare'"):
        load_directory(data_copy)


def test_it_refuses_a_frequency_statement_with_an_unknown_region(data_copy: Path) -> None:
    _break(data_copy / "frequency.yaml", "regions: [elbow_S]", "regions: [elbw_S]")
    with pytest.raises(KnowledgeError, match=r"frequency\.yaml.*'regions'.*elbw_S"):
        load_directory(data_copy)


def test_it_refuses_a_frequency_statement_without_its_source(data_copy: Path) -> None:
    _break(data_copy / "frequency.yaml", "sources: [LE-AG2020]", "sources: []")
    with pytest.raises(KnowledgeError, match=r"frequency\.yaml.*'sources'.*missing or empty"):
        load_directory(data_copy)


def test_it_loads_a_base_without_frequency_statements(data_copy: Path) -> None:
    (data_copy / "frequency.yaml").unlink()
    assert load_directory(data_copy).frequency == {}


def test_it_refuses_a_split_row_naming_a_trigger_point_the_muscle_lacks(data_copy: Path) -> None:
    _break(data_copy / "split_rows.yaml", "[anterior, posterior]", "[anterior, posterio]")
    with pytest.raises(KnowledgeError, match=r"split_rows\.yaml.*'trigger_points'"):
        load_directory(data_copy)


def test_it_refuses_a_split_row_without_a_known_source(data_copy: Path) -> None:
    _break(data_copy / "split_rows.yaml", "[TS2, NAMTPT-GMIN]", "[TS2, NAMTPT-GMINX]")
    with pytest.raises(KnowledgeError, match=r"split_rows\.yaml.*'sources'.*NAMTPT-GMINX"):
        load_directory(data_copy)
