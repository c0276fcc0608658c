"""The dashboard is a list of sections, each a function from a ReportQuery to
its figures. Apps that report on their own data (training coverage by unit,
workgroup attendance by role, operational issues) add a section with
`register(Section(...))` from reports' AppConfig.ready, only when their app is
installed; the dashboard itself never names them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from reports.figures.base import Figure
from reports.filters import ReportFilters
from reports.selectors import ReportScope


@dataclass(frozen=True)
class ReportQuery:
    """Everything a section needs: who asks, what they may see, and the filters."""

    user: object
    scope: ReportScope
    filters: ReportFilters
    referrals: QuerySet  # in scope and filtered, dates included
    referrals_any_date: QuerySet  # in scope and filtered, every date (for snapshots such as caseload)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: Callable[[ReportQuery], list[Figure]]
    order: int = 100
    description: str = ""


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def registered() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
