"""The partials other apps include: the protocol notice on the referral form,
the officer's training badge on the sergeant's review screen."""

import dataclasses
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from lead_ops.accounts.roles import Role
from training.selectors import training_status_for, training_status_for_users

from .factories import TopicFactory, TrainingRecordFactory, days_ago, published_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(officer):
    return [
        TopicFactory(name=name, refresher_months=12, roles=[Role.OFFICER]) for name in ["Protocol", "Harm reduction"]
    ]


def test_the_badge_says_current(officer, required):
    for topic in required:
        TrainingRecordFactory(person=officer, topic=topic, completed_on=days_ago(10))

    html = render_to_string("training/_officer_training_badge.html", {"status": training_status_for(officer)})

    assert "Training current" in html and "due soon" not in html


def test_the_badge_names_what_is_due_soon(officer, required):
    TrainingRecordFactory(person=officer, topic=required[0], completed_on=days_ago(10))
    TrainingRecordFactory(person=officer, topic=required[1], completed_on=days_ago(350))

    html = render_to_string("training/_officer_training_badge.html", {"status": training_status_for(officer)})

    assert "Training current" in html and "1 due soon" in html and "Due soon: Harm reduction." in html


def test_the_badge_names_what_is_overdue_or_missing(officer, required):
    TrainingRecordFactory(person=officer, topic=required[0], completed_on=days_ago(400))

    html = render_to_string("training/_officer_training_badge.html", {"status": training_status_for(officer)})

    assert "Training not current" in html
    assert "Overdue: Protocol." in html and "Not yet completed: Harm reduction." in html


def test_without_a_status_the_badge_renders_nothing():
    assert render_to_string("training/_officer_training_badge.html", {"status": None}).strip() == ""


def test_the_notice_links_to_the_protocol_and_is_empty_without_a_version():
    version = published_protocol(number_title="Operational protocol")

    html = render_to_string("training/_protocol_notice.html", {"version": version})

    assert f"Protocol version {version.number} needs your acknowledgement" in html
    assert 'href="/training/protocol/"' in html
    assert render_to_string("training/_protocol_notice.html", {"version": None}).strip() == ""


def test_training_status_is_a_frozen_dataclass_with_the_agreed_fields(officer, required):
    status = training_status_for_users([officer])[officer.pk]

    fields = {f.name for f in dataclasses.fields(status)}
    assert {"is_current", "missing", "expired", "due_soon", "summary"} <= fields
    with pytest.raises(dataclasses.FrozenInstanceError):
        status.is_current = True  # type: ignore[misc]


def test_training_imports_nothing_from_the_apps_above_it():
    """referrals, workgroup and reports sit above training (DESIGN.md)."""
    root = Path(__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        text = path.read_text()
        for app in ("referrals", "workgroup", "reports"):
            assert f"from {app}" not in text and f"import {app}" not in text, f"{path} imports {app}"
