"""Production's static files: minified, named by their content's hash, gzipped, collected by the
server as it starts (and only when a source changed), and kept by browsers for good."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles.finders import find
from django.template import Context, Template
from django.test import Client, override_settings

from knotwork.web.staticfiles import STAMP, collect

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "knotwork.web.staticfiles.MinifiedManifestStorage"},
}


@pytest.fixture
def collected(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "static"
    with override_settings(STORAGES=PRODUCTION, STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False):
        assert collect() is True
        yield root


def source(name: str) -> str:
    found = find(name)
    assert isinstance(found, str)
    return Path(found).read_text()


def hashed(root: Path, name: str) -> str:
    paths: dict[str, str] = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths[name]


def test_it_minifies_our_scripts_and_styles_under_a_hashed_name(collected: Path) -> None:
    for name in ("web/app.css", "painmaps/bodymap.js", "patients/lazy.js"):
        served = (collected / hashed(collected, name)).read_text()
        assert hashed(collected, name) != name
        assert len(served) < 0.9 * len(source(name)), name
        # Comments are gone, the rules are not.
        assert "/*" not in served and "//" not in served.replace("://", ""), name
        assert (collected / f"{hashed(collected, name)}.gz").is_file()
    assert (
        ".lazy-panel{min-height:8rem}" in (collected / hashed(collected, "web/app.css")).read_text()
    )


def test_it_leaves_a_minified_vendor_file_as_it_is(collected: Path) -> None:
    name = "web/vendor/htmx.min.js"
    assert (collected / hashed(collected, name)).read_text() == source(name)


def test_pages_link_the_hashed_names(collected: Path) -> None:
    html = Template("{% load static %}{% static 'web/app.css' %}").render(Context())
    assert html == f"/static/{hashed(collected, 'web/app.css')}"


def test_it_serves_a_hashed_file_gzipped_for_browsers_to_keep(collected: Path) -> None:
    url = f"/static/{hashed(collected, 'web/app.css')}"
    answer = Client().get(url, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer["Content-Encoding"] == "gzip"
    assert "immutable" in answer["Cache-Control"] and "no-store" not in answer["Cache-Control"]


def test_a_warm_start_skips_the_collection_until_a_source_changes(collected: Path) -> None:
    assert collect() is False
    (collected / STAMP).write_text("the sources of another version")
    assert collect() is True


def test_nothing_is_collected_in_debug(tmp_path: Path) -> None:
    with override_settings(DEBUG=True, STATIC_ROOT=tmp_path / "static"):
        assert collect() is False
    assert not (tmp_path / "static").exists()
