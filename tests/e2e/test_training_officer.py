"""An officer sees their training record and acknowledges a new protocol version."""

import datetime

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory, UserFactory
from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from training.models import ProtocolAcknowledgement, Topic
from training.services import protocol_acknowledgement_record, training_record_create

from .journeys import screenshot, sign_in, visit


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def officer_with_record():
    officer = UserFactory(
        username="officer",
        first_name="Olivia",
        last_name="Ortega",
        badge_number="4471",
        unit=UnitFactory(name="West Anti-Crime Team"),
        roles=[Role.OFFICER],
    )
    topics = {topic.code: topic for topic in Topic.objects.all()}  # the catalogue migration 0002 seeds
    for code, days in [
        ("harm-reduction", 200),  # current
        ("lead-protocol", 350),  # 12 months: due in about 15 days
        ("social-contact", 800),  # 24 months: overdue
        ("mental-health", 100),
        ("substance-use", 100),
    ]:
        training_record_create(person=officer, topic=topics[code], completed_on=ago(days), note="Academy in-service")
    first = protocol_version_publish(
        version=protocol_version_draft(title="Operational protocol", text="1. Purpose.\n2. Routes."),
        effective_from=ago(400),
    )
    protocol_acknowledgement_record(user=officer, version=first)
    second = protocol_version_publish(
        version=protocol_version_draft(
            title="Operational protocol",
            text="1. Purpose.\n2. Routes, including social contact.\n3. Documentation and review.",
            summary_of_changes="Social-contact referrals need prior activity within 24 months.",
        ),
        effective_from=ago(0),
    )
    return {"officer": officer, "version": second}


def test_officer_sees_their_record_and_acknowledges_the_new_protocol(page, officer_with_record):
    version = officer_with_record["version"]
    sign_in(page, "officer")

    notice = page.get_by_test_id("protocol-notice")
    assert f"Protocol version {version.number} needs your acknowledgement" in notice.inner_text()
    panel = page.get_by_test_id("panel-my-training").inner_text()
    assert "Not current: 1 overdue, 1 not yet completed of 6 required topics." in panel
    screenshot(page, "training-home-officer-notice")

    page.get_by_role("link", name="See my training").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    required = page.get_by_test_id("required-training")
    for topic, state in [
        ("Harm reduction", "Current"),
        ("LEAD protocol and referral practice", "Due soon"),
        ("Social-contact referrals", "Overdue"),
        ("Homelessness and housing barriers, including exclusions from criminal history", "Not yet completed"),
    ]:
        assert state in required.get_by_role("row", name=topic).inner_text(), topic
    assert page.get_by_test_id("training-history").get_by_role("row").count() == 6  # header + 5 completions
    screenshot(page, "training-my-training")

    page.get_by_role("link", name=f"Read and acknowledge version {version.number}").click()
    page.wait_for_load_state("load")
    page.a11y.check()
    assert "Social-contact referrals need prior activity within 24 months." in page.locator("main").inner_text()
    screenshot(page, "training-protocol")
    page.get_by_role("button", name=f"I have read protocol version {version.number}").click()
    page.wait_for_load_state("load")
    page.a11y.check()

    assert f"you acknowledged protocol version {version.number}" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("protocol-notice").count() == 0
    assert f"Version {version.number} acknowledged on" in page.get_by_test_id("acknowledgements").inner_text()
    assert ProtocolAcknowledgement.objects.filter(user=officer_with_record["officer"], version=version).exists()

    visit(page, "/")
    assert page.get_by_test_id("protocol-notice").count() == 0


def test_officer_reads_their_training_on_a_phone(phone, officer_with_record):
    sign_in(phone, "officer")
    screenshot(phone, "training-home-officer-phone")

    visit(phone, "/training/")
    assert phone.get_by_role("heading", name="My training").is_visible()
    screenshot(phone, "training-my-training-phone")
