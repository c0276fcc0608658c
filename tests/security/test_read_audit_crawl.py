"""Every read of a person is audited, on every channel: each role requests
every URL the access matrix knows (pages, htmx fragments, CSV and XLSX
exports), with a marked person behind every referral of the world. A response
that shows the marked name or date of birth must have left an audit event
naming that person or one of their referrals for that actor; a 403 or a 404
must have left a denial."""

import io
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from community.models import CommunityReferral
from lead_ops.audit.models import AuditEvent
from referrals.models import Person, Referral

from .test_url_matrix import MATRIX, PUBLIC_REQUESTS_ON_ONLY, url_arguments, url_names
from .world import build_world

MARKED_FIRST, MARKED_LAST = "Zebulon", "Quillfeather"
MARKED_BIRTH = date(1971, 3, 14)
# Every way a template or an export may print the date of birth.
BIRTH_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%b. %d, %Y", "%d %B %Y", "%b %d, %Y")


def marks() -> list[str]:
    dates = {MARKED_BIRTH.strftime(f) for f in BIRTH_FORMATS}
    return [MARKED_FIRST, MARKED_LAST, *sorted(dates)]


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return content.decode("utf-8", errors="replace")


def names_marked(event: AuditEvent, people: set[str], referrals: set[str], community: set[str]) -> bool:
    ids = set(event.id_list)
    return (
        (event.object_type == "referrals.person" and bool(ids & people))
        or (event.object_type == "referrals.referral" and bool(ids & referrals))
        or (event.object_type == "community.communityreferral" and bool(ids & community))
    )


def crawl_one(client, user, method: str, url: str, marked, headers) -> list[str]:
    """One request, undone afterwards; what it failed to audit."""
    people, referrals, community = marked
    failures = []
    with transaction.atomic():
        client.logout()
        client.force_login(user)
        since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = getattr(client, method)(url, headers=headers)
        events = list(AuditEvent.objects.filter(pk__gt=since, actor=user))
        text = body_text(response)
        shown = [mark for mark in marks() if mark in text]
        if shown and not any(names_marked(event, people, referrals, community) for event in events):
            failures.append(f"showed {shown} without an audit event naming them")
        if response.status_code in (403, 404) and not any(
            event.action == AuditEvent.Action.PERMISSION_DENIED for event in events
        ):
            failures.append(f"{response.status_code} without a denial")
        transaction.set_rollback(True)
    return failures


@pytest.mark.django_db
def test_every_response_that_shows_a_person_was_audited_and_every_refusal_recorded(
    client, lead_protocol, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    marked_people = Person.objects.filter(referrals__isnull=False).distinct()
    marked_people.update(first_name=MARKED_FIRST, last_name=MARKED_LAST, date_of_birth=MARKED_BIRTH)
    people = {str(pk) for pk in marked_people.values_list("pk", flat=True)}
    referrals = {str(pk) for pk in Referral.objects.filter(person__in=marked_people).values_list("pk", flat=True)}
    # What a partner wrote about someone at the community door is a person's data too.
    CommunityReferral.objects.update(person_name=f"{MARKED_FIRST} {MARKED_LAST}")
    community = {str(pk) for pk in CommunityReferral.objects.values_list("pk", flat=True)}
    arguments = url_arguments(world)
    failures = []
    for name in sorted(set(url_names()) - {"admin:*"}):
        method, who = MATRIX[name]
        if who == PUBLIC_REQUESTS_ON_ONLY:
            continue  # switched off here: no page, nobody's record (community/tests/test_public_requests.py)
        url = reverse(name, kwargs=arguments.get(name, {}))
        # Each GET as a page and as the htmx fragment the same URL answers.
        variants = [{}, {"HX-Request": "true"}] if method == "get" else [{}]
        for role, user in world.users.items():
            for headers in variants:
                for failure in crawl_one(client, user, method, url, (people, referrals, community), headers):
                    failures.append(f"{name} as {role}{' (htmx)' if headers else ''}: {failure}")
    assert not failures, "\n".join(failures)
