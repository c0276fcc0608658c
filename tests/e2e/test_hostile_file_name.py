"""An administrator opens the edit page of a session whose stored materials
name holds an htmx tag: the page shows it as text and sends nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from training.models import Topic, TrainingSession
from training.services import training_session_create

from .journeys import sign_in, visit

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def hostile_session(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = UserFactory(username="admin", roles=[Role.ADMINISTRATOR])
    topic = Topic.objects.create(code="hostile-browser", name="Hostile names")
    session = training_session_create(
        title="Handout",
        held_on=datetime.date.today() - datetime.timedelta(days=1),
        topics=[topic],
        hours=Decimal("1"),
        place="Room",
        outside_trainers="Educator",
        materials=SimpleUploadedFile("handout.pdf", PDF, content_type="application/pdf"),
        actor=admin,
    )
    tag = f'<p hx-post="/training/sessions/{session.pk}/delete/" hx-trigger="load">x.pdf'
    TrainingSession.objects.filter(pk=session.pk).update(materials_name=tag)
    return session, tag


def test_the_edit_page_shows_a_hostile_name_as_text_and_sends_no_request(page, hostile_session):
    session, tag = hostile_session
    sign_in(page, "admin")
    sent = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))

    visit(page, f"/training/sessions/{session.pk}/edit/")
    page.wait_for_timeout(1500)  # hx-trigger="load" would have fired by now

    assert [line for line in sent if "/edit/" not in line and "/static/" not in line] == []
    assert TrainingSession.objects.filter(pk=session.pk).exists()
    assert page.get_by_test_id("current-materials").inner_text() == f"Current materials file: “{tag}”."
