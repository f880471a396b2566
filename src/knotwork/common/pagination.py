"""Every list pages and says how many there are; nothing is cut silently.

The API: an operation that answers a list is decorated with `@paginate(Page)` (django-ninja's
`PageNumberPagination`) under its `@router.get`, and returns the rows, or `paged(rows, out)`
when each row is turned into its schema by a function; the answer is
`{"items": [...], "count": <all rows>}`, `?page=2` the next page, `?page_size=` (at most
`MAX_PAGE_SIZE`) its length. A page beyond the last is empty and keeps the count.

Pages: `page_of(request, rows)` gives the Django `Page` of `?page=` (the last one for a page
beyond it), and the page's template includes `web/_pager.html` with it, which shows
"1-50 of 230" and the links to the other pages (keeping the other query parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

if TYPE_CHECKING:
    from django.http import HttpRequest

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# No list comes near this many pages; beyond it the offset would overflow the database's integer.
MAX_PAGE = 1_000_000


class Page(PageNumberPagination):
    """`?page=` (1 to MAX_PAGE) and `?page_size=` (1 to MAX_PAGE_SIZE; PAGE_SIZE by default),
    both bounded in the OpenAPI document as in the validation."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(
        self, page_size: int = PAGE_SIZE, max_page_size: int = MAX_PAGE_SIZE, **kwargs: Any
    ) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)


class Paged[T, R]:
    """Rows whose schema is made only for the rows of the page answered (`paged()`)."""

    def __init__(
        self,
        rows: QuerySet[Any] | Sequence[T],
        out: Callable[[T], R],
        shown: Callable[[list[T]], None] | None = None,
    ) -> None:
        self._rows = rows
        self._out = out
        self._shown = shown

    def all(self) -> Paged[T, R]:
        # django-ninja counts with `rows.all().count()`.
        return self

    def count(self) -> int:
        if isinstance(self._rows, QuerySet):
            return self._rows.count()
        return len(self._rows)

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            page = list(self._rows[index])
            if self._shown is not None:
                self._shown(page)
            return [self._out(row) for row in page]
        return self._out(self._rows[index])


def paged[T, R](
    rows: QuerySet[Any] | Sequence[T],
    out: Callable[[T], R],
    *,
    shown: Callable[[list[T]], None] | None = None,
) -> Paged[T, R]:
    """The API's rows of a list whose items are made by `out` (one call per row shown);
    `shown` is told the rows of the page answered (to audit a list read)."""
    return Paged(rows, out, shown)


@dataclass(frozen=True)
class Listing:
    """A page of a web list: its rows, the total, and the links to the other pages."""

    page: DjangoPage[Any]
    query: str

    @property
    def total(self) -> int:
        return self.page.paginator.count


def page_of(
    request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], per_page: int = PAGE_SIZE
) -> Listing:
    """The page `?page=` of `rows` (the first for a missing or bad number, the last beyond it)."""
    paginator = Paginator(rows, per_page)
    others = request.GET.copy()
    others.pop("page", None)
    return Listing(paginator.get_page(request.GET.get("page")), others.urlencode())


@dataclass(frozen=True)
class Latest[T]:
    """The newest rows of a short list on a page (a panel), and how many there are in all."""

    rows: list[T]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown (the template says "the latest N of M")."""
        return self.total - len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def latest[T](rows: QuerySet[Any, T], shown: int) -> Latest[T]:
    """The first `shown` rows and the total (a count only when there are more than shown)."""
    found = list(rows[:shown])
    return Latest(found, len(found) if len(found) < shown else rows.count())
