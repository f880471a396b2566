"""The domain core must stay framework-free: no Django, ninja, Channels or pydantic."""

import ast
from pathlib import Path

import knotwork.domain

FORBIDDEN = ("django", "ninja", "channels", "pydantic", "daphne", "uvicorn")
DOMAIN_DIR = Path(knotwork.domain.__file__).parent


def imported_roots(source: str) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_it_finds_domain_modules_to_check() -> None:
    assert len(list(DOMAIN_DIR.rglob("*.py"))) >= 2


def test_it_keeps_frameworks_out_of_the_domain_core() -> None:
    offenders = {
        str(path.relative_to(DOMAIN_DIR)): sorted(imported_roots(path.read_text()) & set(FORBIDDEN))
        for path in DOMAIN_DIR.rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_it_would_catch_a_django_import() -> None:
    assert "django" in imported_roots("from django.db import models\n")
    assert "pydantic" in imported_roots("import pydantic.fields\n")
