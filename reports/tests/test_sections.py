"""The dashboard's sections: those over another app's data appear only when
that app is installed."""

import django.apps
import pytest

from reports import sections


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.setattr(sections, "_sections", {})


def _ready_with(monkeypatch, installed: set[str]):
    monkeypatch.setattr(django.apps.apps, "is_installed", lambda name: name in installed)
    django.apps.apps.get_app_config("reports").ready()
    return [section.key for section in sections.registered()]


CORE = ["use", "decisions", "review", "handoff", "caseload"]


@pytest.mark.usefixtures("fresh_registry")
def test_training_and_workgroup_sections_follow_the_core_ones(monkeypatch):
    assert _ready_with(monkeypatch, {"training", "workgroup"}) == [*CORE, "training", "workgroup"]


@pytest.mark.usefixtures("fresh_registry")
@pytest.mark.parametrize(("installed", "keys"), [({"workgroup"}, [*CORE, "workgroup"]), (set(), CORE)])
def test_a_section_is_left_out_when_its_app_is_not_installed(monkeypatch, installed, keys):
    assert _ready_with(monkeypatch, installed) == keys


@pytest.mark.usefixtures("fresh_registry")
def test_the_doors_follow_the_use_of_the_program_when_the_community_app_is_installed(monkeypatch):
    assert _ready_with(monkeypatch, {"community"}) == ["use", "doors", *CORE[1:]]


def test_the_installed_apps_sections_are_registered():
    assert {"training", "workgroup", "doors"} <= {section.key for section in sections.registered()}
