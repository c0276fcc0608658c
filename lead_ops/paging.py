"""A page of ids with how many there are in all, in one query.

Django's Paginator asks the database twice: COUNT(*) for the page numbers, then
the page's rows. Both run the list's filter; where the filter is costly (the
status a viewer sees works out the Part 2 stage row by row) it is paid twice.
Here the count comes beside the page's ids (COUNT(*) OVER ()), and the pages
behave as Paginator.get_page's do: a number past the end gives the last page,
one that is not a number the first.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


class _Counted(Paginator):
    """A Paginator told its count (the window's), so it never asks for it."""

    def __init__(self, per_page: int, count: int):
        super().__init__([], per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _number(asked) -> int | None:
    """The page number asked for; None for one below the first (the last page, as get_page gives)."""
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else None


def page_of_ids(queryset: QuerySet, per_page: int, asked) -> Page:
    """The page `asked` of the queryset's ids (in its order): the Page's
    object_list is the list of ids, and its paginator knows the count."""
    counted = queryset.annotate(in_all=Window(Count("pk"))).values_list("pk", "in_all")

    def rows_of(number: int) -> list[tuple[int, int]]:
        return list(counted[(number - 1) * per_page : number * per_page])

    number = _number(asked)
    rows = rows_of(number) if number is not None else []
    if not rows and number != 1:  # past the end (or below the first): the last page
        number = _Counted(per_page, queryset.count()).num_pages
        rows = rows_of(number)
    paginator = _Counted(per_page, rows[0][1] if rows else 0)
    return Page([pk for pk, _ in rows], number, paginator)
