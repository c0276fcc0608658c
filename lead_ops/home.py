"""The signed-in home page: each app contributes the panels of its users' work
queue, so this module never imports an app above it. A panel that lists
records about people says which rows it showed (`shows`), and the page records
them in the audit trail like any other list."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Model
from django.shortcuts import render

from lead_ops import audit
from lead_ops.audit.models import AuditEvent


def _shows_nothing(context: dict) -> Iterable[Model]:
    return ()


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: str
    template: str
    allowed: Callable[[object], bool]
    context: Callable[[object], dict]
    order: int = 100
    wide: bool = False
    # The rows of the panel's context that name or identify people.
    shows: Callable[[dict], Iterable[Model]] = _shows_nothing
    # Shown to a community partner too (lead_ops/accounts/partners.py); most panels are the program's.
    for_partners: bool = False


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[dict]:
    from lead_ops.accounts.partners import is_partner_only

    partner = is_partner_only(user)
    allowed = (p for p in _panels.values() if p.allowed(user) and (p.for_partners or not partner))
    visible = sorted(allowed, key=lambda p: (p.order, p.key))
    return [{"panel": panel, **panel.context(user)} for panel in visible]


def panels_audit_shown(*, user, panels: list[dict]) -> None:
    """One LIST event per kind of record the panels showed (one on the usual
    page: every queue lists referrals), naming each row once."""
    shown = {entry["panel"].key: list(entry["panel"].shows(entry)) for entry in panels}
    rows = sorted({(row._meta.label_lower, row.pk) for listed in shown.values() for row in listed})
    for object_type, keyed in groupby(rows, key=lambda key: key[0]):
        audit.record(
            action=AuditEvent.Action.LIST,
            actor=user,
            object_type=object_type,
            object_ids=[pk for _, pk in keyed],
            summary="Home page panels",
            detail={"panels": sorted(key for key, listed in shown.items() if listed)},
        )


def home(request):
    panels = panels_for(request.user)
    panels_audit_shown(user=request.user, panels=panels)
    return render(request, "home/home.html", {"panels": panels})
