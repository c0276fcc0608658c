"""The signed-in home page: each app contributes the panels of its users' work
queue, so this module never imports an app above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import render


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: str
    template: str
    allowed: Callable[[object], bool]
    context: Callable[[object], dict]
    order: int = 100
    wide: bool = False


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[dict]:
    visible = sorted((p for p in _panels.values() if p.allowed(user)), key=lambda p: (p.order, p.key))
    return [{"panel": panel, **panel.context(user)} for panel in visible]


def home(request):
    return render(request, "home/home.html", {"panels": panels_for(request.user)})
