"""The filters every report page shares: date range, agency, precinct, unit,
unit kind and route. Only units and precincts in the user's scope are offered, and an
unknown or out-of-scope value is a form error, never someone else's figures."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from lead_ops.accounts.models import Unit
from lead_ops.form_rendering import BootstrapFormMixin
from referrals.models import Referral, ReferralRoute

from .selectors import ReportScope

EARLIEST = date(2000, 1, 1)
LONGEST_RANGE_DAYS = 10 * 366
DEFAULT_MONTHS = 12


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


@dataclass(frozen=True)
class ReportFilters:
    """Cleaned filters. Referrals are picked by the day they were filed (site time);
    what happened later (review, hand-off, intake) is counted with its referral."""

    date_from: date
    date_to: date
    precinct_id: int | None = None
    unit_id: int | None = None
    unit_kind: str = ""
    route_id: int | None = None
    agency_id: int | None = None

    def apply(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        start, end = self.period()
        return self.apply_without_dates(referrals).filter(submitted_at__gte=start, submitted_at__lt=end)

    def period(self) -> tuple[datetime, datetime]:
        """The range as moments: from the start of the first day (site time) to
        the start of the day after the last."""
        return _start_of(self.date_from), _start_of(self.date_to + timedelta(days=1))

    def apply_without_dates(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        conditions = {
            "agency_id": self.agency_id,
            "precinct_id": self.precinct_id,
            "unit_id": self.unit_id,
            "unit__kind": self.unit_kind or None,
            "route_id": self.route_id,
        }
        return referrals.filter(**{field: value for field, value in conditions.items() if value is not None})

    @property
    def locates(self) -> bool:
        """Whether a filter picks referrals by where they were filed (agency, precinct, unit or unit kind)."""
        return any((self.agency_id, self.precinct_id, self.unit_id, self.unit_kind))

    def apply_to_units(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        """The units the precinct, unit and unit-kind filters leave (for figures about units, not referrals)."""
        conditions = {
            "precinct__agency_id": self.agency_id,
            "precinct_id": self.precinct_id,
            "pk": self.unit_id,
            "kind": self.unit_kind or None,
        }
        return units.filter(**{field: value for field, value in conditions.items() if value is not None})

    @property
    def cache_key(self) -> str:
        parts = (
            self.date_from,
            self.date_to,
            self.precinct_id,
            self.unit_id,
            self.unit_kind,
            self.route_id,
            self.agency_id,
        )
        return ":".join("" if part is None else str(part) for part in parts)

    def as_query(self) -> dict[str, str]:
        """The filters as form data: for links, and stored with a background export."""
        query = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        for name in ("agency", "precinct", "unit", "route"):
            value = getattr(self, f"{name}_id")
            if value is not None:
                query[name] = str(value)
        if self.unit_kind:
            query["unit_kind"] = self.unit_kind
        return query

    def months(self) -> list[date]:
        """First day of each month the range touches."""
        months, month = [], self.date_from.replace(day=1)
        while month <= self.date_to:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def default_range(today: date | None = None) -> tuple[date, date]:
    """This month and the eleven before it."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _ in range(DEFAULT_MONTHS - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, today


def filter_choices(scope: ReportScope) -> dict[str, list[tuple[int, str]]]:
    """The precincts, units and routes a user may filter by. They change seldom
    and every report page shows them, so they are cached with the figures."""

    def load():
        # The agencies are those of the precincts in scope: no query of their own.
        precincts = list(scope.precincts().values_list("pk", "name", "agency_id", "agency__name"))
        return {
            "agencies": sorted({(agency, name) for _, _, agency, name in precincts}, key=lambda a: (a[1], a[0])),
            "precincts": [(pk, name) for pk, name, _, _ in precincts],
            "units": list(scope.units().values_list("pk", "name")),
            "routes": list(ReferralRoute.objects.order_by("order", "name").values_list("pk", "name")),
        }

    seconds = settings.LEAD_REPORT_CACHE_SECONDS
    if not seconds:
        return load()
    try:
        return cache.get_or_set(f"reports:choices:{scope.cache_key}", load, seconds)
    except Exception:  # noqa: BLE001  (cache down: the choices straight from the database)
        return load()


class ReportFilterForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(label="Filed from", required=False, widget=DateInput)
    date_to = forms.DateField(label="Filed to", required=False, widget=DateInput)
    agency = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    precinct = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    unit = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    unit_kind = forms.ChoiceField(
        label="Unit kind", required=False, choices=[("", "Proactive and patrol"), *Unit.Kind.choices]
    )
    route = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, data=None, *, scope: ReportScope, **kwargs):
        super().__init__(data, **kwargs)
        self.scope = scope
        choices = filter_choices(scope)
        if len(choices["agencies"]) > 1:
            self.fields["agency"].choices = [("", "All agencies"), *choices["agencies"]]
        else:
            del self.fields["agency"]  # one agency in scope: nothing to choose
        self.fields["precinct"].choices = [("", "All precincts"), *choices["precincts"]]
        self.fields["unit"].choices = [("", "All units"), *choices["units"]]
        self.fields["route"].choices = [("", "All routes"), *choices["routes"]]
        start, end = default_range()
        self.fields["date_from"].widget.attrs["placeholder"] = start.isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = end.isoformat()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("date_to") or timezone.localdate()
        start = data.get("date_from") or default_range(end)[0]
        latest = timezone.localdate() + timedelta(days=366)
        if start > end:
            raise forms.ValidationError("The 'Filed from' date is after the 'Filed to' date.")
        if start < EARLIEST or end > latest:
            raise forms.ValidationError(
                f"Choose dates between {EARLIEST:%Y-%m-%d} and {latest:%Y-%m-%d}; these are outside any program."
            )
        if (end - start).days > LONGEST_RANGE_DAYS:
            raise forms.ValidationError("Choose a range of at most ten years.")
        data["date_from"], data["date_to"] = start, end
        return data

    def report_filters(self) -> ReportFilters:
        """The cleaned filters; call after is_valid()."""
        data = self.cleaned_data
        return ReportFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            agency_id=data.get("agency"),
            precinct_id=data.get("precinct"),
            unit_id=data.get("unit"),
            unit_kind=data.get("unit_kind") or "",
            route_id=data.get("route"),
        )


def filters_from(data, scope: ReportScope) -> tuple[ReportFilterForm, ReportFilters | None]:
    """The bound form and its filters (None when the form has errors). Only
    the filter fields are read, so other parameters (page, format) are ignored."""
    names = ReportFilterForm.base_fields.keys()
    form = ReportFilterForm({name: data.get(name, "") for name in names}, scope=scope)
    if not form.is_valid():
        return form, None
    # The date boxes show the dates in force, also when they were left empty.
    form.data["date_from"] = form.cleaned_data["date_from"].isoformat()
    form.data["date_to"] = form.cleaned_data["date_to"].isoformat()
    return form, form.report_filters()
