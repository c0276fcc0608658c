"""Publishing from the admin goes through the service; a refusal says why."""

import pytest
from django.utils import timezone

from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish

pytestmark = pytest.mark.django_db


def test_publishing_an_already_published_version_says_so_and_publishes_the_draft(client, administrator):
    published = protocol_version_draft(title="First", text="Text.")
    published = protocol_version_publish(version=published, effective_from=timezone.localdate())
    draft = protocol_version_draft(title="Second", text="Text.")
    client.force_login(administrator)

    response = client.post(
        "/admin/protocol/protocolversion/",
        {"action": "publish_today", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )

    shown = {str(message) for message in response.context["messages"]}
    assert f"Version {published.number} was already published on {published.published_at:%Y-%m-%d}." in shown
    assert f"Published version {draft.number}." in shown
    assert ProtocolVersion.objects.get(pk=draft.pk).is_published
