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
