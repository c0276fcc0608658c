"""Fixtures for the referrals tests: the default routes, offenses and reasons
(as migration 0004 makes them) and a published protocol with the demo criteria."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from referrals.selectors import criteria as criteria_selectors

DEFAULTS = importlib.import_module("referrals.migrations.0004_default_routes_offenses_reasons")


@pytest.fixture(autouse=True)
def _fresh_criteria_cache():
    criteria_selectors._published.cache_clear()
    yield
    criteria_selectors._published.cache_clear()


@pytest.fixture
def lead_defaults(db):
    """Routes, offenses and decision reasons. Transactional tests flush them, so
    they are put back the way the migration made them."""
    DEFAULTS.seed(django_apps, None)


@pytest.fixture
def lead_protocol(lead_defaults):
    from referrals.demo import publish_demo_criteria

    first = protocol_version_draft(title="Test protocol", text="Protocol text.")
    first = protocol_version_publish(version=first, effective_from=timezone.localdate() - timedelta(days=400))
    return publish_demo_criteria(first, effective_from=timezone.localdate() - timedelta(days=300))


@pytest.fixture
def routes(lead_defaults):
    from referrals.models import ReferralRoute

    return {route.code: route for route in ReferralRoute.objects.all()}
