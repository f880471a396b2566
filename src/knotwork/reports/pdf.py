"""HTML to PDF with WeasyPrint: a template of `templates/reports/` and the print stylesheet.

Why WeasyPrint: the documents are the project's own HTML and CSS (the same SVG pain maps and
charts as the pages, drawn as vectors), paged by CSS (`@page` headers and footers, page numbers),
with no browser to run. It draws text with the system's Pango (README: the Debian packages).
Everything a document shows is in the HTML it is given: no file or URL is fetched while it is
rendered (`url_fetcher` refuses them), so a template cannot leak a request off the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "print.css"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


class FetchRefused(ValueError):
    """A document tried to load a file or URL: everything must be inline."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise FetchRefused(f"documents load nothing from outside: {url}")


def html_of(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, context)


def render_pdf(template: str, context: dict[str, Any]) -> Rendered:
    """The PDF of `template` rendered with `context`, and its number of pages."""
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF code needs.
    from weasyprint import CSS, HTML

    html = HTML(string=html_of(template, context), url_fetcher=_no_fetch, base_url=".")
    document = html.render(stylesheets=[CSS(filename=str(STYLESHEET))])
    data = document.write_pdf()
    if data is None:  # never: write_pdf without a target returns the bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return Rendered(data, len(document.pages))
