"""Hostile text entered wherever people type renders as text everywhere it is
shown; SQL-shaped input is only text; a NUL character is refused cleanly."""

import pytest

from referrals.services import person_add_alias
from workgroup.services import issue_raise

from .world import build_world

PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "{{ 7|add:7 }}{% now 'Y' %}",
]


@pytest.fixture
def hostile(lead_protocol, settings, tmp_path):
    """The world with every payload typed into the fields people fill in."""
    from referrals.models import Person
    from training.services import topic_create
    from workgroup.services import agenda_item_add, minutes_record

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    text = " ".join(PAYLOADS)
    person = world.participant.person
    Person.objects.filter(pk=person.pk).update(first_name=PAYLOADS[0][:100], last_name=PAYLOADS[1][:100])
    person_add_alias(person=person, name=PAYLOADS[2], actor=world.users["officer"])
    world.participant.__class__.objects.filter(pk__in=[world.participant.pk, world.waiting.pk]).update(narrative=text)
    world.issue = issue_raise(
        raised_by=world.users["officer"], what_happened=text, location=PAYLOADS[1], suggestion=PAYLOADS[0]
    )
    coordinator = world.users["coordinator"]
    item = agenda_item_add(meeting=world.meeting, actor=coordinator, kind="other", title=PAYLOADS[1], detail=text)
    minutes_record(meeting=world.meeting, actor=coordinator, minutes={item.pk: text})
    topic_create(code="hostile", name=PAYLOADS[0][:80], description=text, refresher_months=12, actor=coordinator)
    return world


def pages(world):
    participant, person = world.participant, world.participant.person
    return [
        ("officer", f"/referrals/{participant.pk}/"),
        ("officer", "/referrals/"),
        ("officer", f"/people/{person.pk}/"),
        ("officer", f"/people/?q={person.last_name[:5]}"),
        ("sergeant", "/reviews/"),
        ("officer", "/workgroup/issues/"),
        ("officer", f"/workgroup/issues/{world.issue.pk}/"),
        ("coordinator", f"/workgroup/meetings/{world.meeting.pk}/"),
        ("coordinator", f"/workgroup/meetings/{world.meeting.pk}/minutes/print/"),
        ("coordinator", "/training/topics/"),
        ("case_manager", f"/referrals/{participant.pk}/"),
        ("officer", "/"),
    ]


@pytest.mark.django_db
def test_hostile_text_is_shown_as_text_everywhere(client, hostile):
    for role, url in pages(hostile):
        client.force_login(hostile.users[role])
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for raw in ("<script>alert", "<img src=x onerror", "<svg onload", "</textarea><svg"):
            assert raw not in content, f"raw {raw!r} on {url}"


@pytest.mark.django_db
def test_the_minutes_export_neutralises_formulas_and_keeps_text(client, hostile):
    from workgroup.services import agenda_item_add, minutes_record

    coordinator = hostile.users["coordinator"]
    item = agenda_item_add(meeting=hostile.meeting, actor=coordinator, kind="other", title='=HYPERLINK("x")')
    minutes_record(meeting=hostile.meeting, actor=coordinator, minutes={item.pk: "+1+1"})
    client.force_login(coordinator)

    response = client.get(f"/workgroup/meetings/{hostile.meeting.pk}/minutes.csv")
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()

    assert "'=HYPERLINK" in body and "'+1+1" in body
    assert "alert" in body  # a CSV is text: kept, never interpreted


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["' OR 1=1 --", "%' OR '1'='1", "\\'; DROP TABLE referrals_person; --", "_%_"])
def test_sql_shaped_search_is_only_text(client, officer, query):
    from referrals.tests.factories import PersonFactory

    PersonFactory(first_name="Ana", last_name="Rivera")
    client.force_login(officer)

    response = client.get("/people/", {"q": query})

    assert response.status_code == 200
    assert "Ana Rivera" not in response.content.decode()
    assert client.get("/referrals/", {"status": query, "route": query}).status_code == 200


@pytest.mark.django_db
def test_a_null_character_is_a_clean_400_before_any_view(client, officer, lead_protocol):
    client.force_login(officer)

    assert client.get("/referrals/new/", {"route": "\x00"}).status_code == 400
    assert client.post("/workgroup/issues/new/", {"what_happened": "a\x00b"}).status_code == 400
    assert client.get("/people/", {"q": "x\x00"}).status_code == 400


# --- Names the uploader chose: a multipart filename is whatever the sender typed --------------

HOSTILE_FILENAMES = [
    '<p hx-post="/training/sessions/1/delete/" hx-trigger="load">x.pdf',
    "&lt;p hx-post=&quot;/x/&quot; hx-trigger=&quot;load&quot;&gt;.pdf",
    "../../etc/passwd.pdf",
    "..\\..\\windows\\notes.pdf",
    "a" * 5000 + ".pdf",
    "report\u202egnp.pdf",
    "tab\tnew\nline\x07bell\x1b[31m.pdf",
    "\uff1csvg onload=alert(1)\uff1e.pdf",
    "\"quoted\" & 'single'.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_FILENAMES)
def test_an_uploaded_name_is_reduced_to_safe_text(name):
    from training.materials import DISPLAY_NAME_MAX, display_name

    shown = display_name(name)

    assert shown.endswith(".pdf") and 4 < len(shown) <= DISPLAY_NAME_MAX
    assert all(ch.isalnum() or ch in " .-_()" for ch in shown), shown
    assert ".." not in shown


HOSTILE_TAG = '<p hx-post="/training/sessions/{pk}/delete/" hx-trigger="load">x.pdf'


@pytest.fixture
def hostile_session(lead_protocol, settings, tmp_path):
    """A session whose stored materials name holds an htmx tag, as one uploaded
    before names were reduced would."""
    from decimal import Decimal

    from lead_ops.accounts.roles import Role
    from lead_ops.accounts.tests.factories import UserFactory
    from training.models import Topic, TrainingSession
    from training.services import training_session_create
    from training.tests.files import pdf

    settings.MEDIA_ROOT = tmp_path
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    topic = Topic.objects.create(code="hostile-names", name="Hostile names")
    session = training_session_create(
        title="Handout",
        held_on=timezone_today(),
        topics=[topic],
        hours=Decimal("1"),
        place="Room",
        outside_trainers="Educator",
        materials=pdf(),
        actor=coordinator,
    )
    TrainingSession.objects.filter(pk=session.pk).update(materials_name=HOSTILE_TAG.format(pk=session.pk))
    session.refresh_from_db()
    return session, coordinator, topic


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.mark.django_db
def test_a_stored_hostile_name_is_text_on_the_edit_page(client, hostile_session):
    session, coordinator, _ = hostile_session
    client.force_login(coordinator)

    content = client.get(f"/training/sessions/{session.pk}/edit/").content.decode()

    assert 'hx-trigger="load"' not in content and "<p hx-post" not in content
    assert "&lt;p hx-post=" in content  # shown, as text, beside the form


@pytest.mark.django_db
def test_an_uploaded_hostile_name_is_stored_reduced_and_the_lost_file_note_is_text(client, hostile_session):
    from training.models import TrainingSession
    from training.tests.files import pdf

    session, coordinator, topic = hostile_session
    client.force_login(coordinator)
    # Django unescapes entities in a multipart filename: this arrives as a tag.
    entity_name = "&lt;p hx-post=&quot;/x/&quot; hx-trigger=&quot;load&quot;&gt;.pdf"
    form = {"title": "Handout", "held_on": timezone_today().isoformat(), "place": "Room", "topics": [topic.pk]}
    form["outside_trainers"] = "Educator"

    refused = client.post(
        f"/training/sessions/{session.pk}/edit/", {**form, "hours": "0", "materials": pdf(name=entity_name)}
    )
    saved = client.post(f"/training/sessions/{session.pk}/edit/", {**form, "hours": "1", "materials": pdf(entity_name)})

    page = refused.content.decode()
    assert "Choose “hx-trigger__load.pdf” again: it was not saved." in page
    assert 'hx-trigger="load"' not in page and "<p hx-post" not in page
    assert saved.status_code == 302
    assert TrainingSession.objects.get(pk=session.pk).materials_name == "hx-trigger__load.pdf"


@pytest.mark.django_db
def test_help_text_is_escaped_in_every_form_template():
    """Defence in depth: crispy-bootstrap5 and Django's own field templates mark
    help text safe; ours do not, so no code path can turn it into markup."""
    from crispy_forms.utils import render_crispy_form
    from django import forms

    class Probe(forms.Form):
        name = forms.CharField(help_text='<b hx-get="/x/">bold</b>')

    for rendered in (render_crispy_form(Probe()), str(Probe()["name"].as_field_group()), Probe().as_p()):
        assert "<b hx-get" not in rendered and "&lt;b hx-get=" in rendered
