"""/reviews/: search and filters on the sergeant's queue, kept in the URL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from referrals.models import DecisionReason, Referral
from referrals.services import DecisionInput

from .factories import PersonFactory, file_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(officer, sergeant, make_user, lead_protocol):
    """Three decisions in the sergeant's units: two officers, two units, both
    routes and both outcomes, one filed ten days ago."""
    second_unit = UnitFactory(name="Night patrol")
    second_unit.supervisors.add(sergeant)
    other = make_user(Role.OFFICER, first_name="Dana", last_name="Whitcombe", badge_number="B-77", unit=second_unit)
    old = file_referral(
        officer=officer,
        route_code="arrest-diversion",
        person=PersonFactory(first_name="Alma", last_name="Quintero"),
    )
    Referral.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    arrest = file_referral(
        officer=other, route_code="arrest-diversion", person=PersonFactory(first_name="Bo", last_name="Lindqvist")
    )
    declined = DecisionInput(outcome="not_divert", reasons=(DecisionReason.objects.get(code="declined"),))
    not_diverted = file_referral(
        officer=officer, decision=declined, person=PersonFactory(first_name="Cy", last_name="Abernathy")
    )
    return {"old": old, "arrest": arrest, "not_diverted": not_diverted, "other": other, "unit": second_unit}


def shown(client, query=""):
    response = client.get(f"/reviews/{query}")
    assert response.status_code == 200
    return [row["referral"] for row in response.context["rows"]]


def test_without_filters_the_whole_queue_shows_oldest_first(client, sergeant, queue):
    client.force_login(sergeant)

    assert shown(client) == [queue["old"], queue["arrest"], queue["not_diverted"]]


def test_search_finds_the_person_by_name(client, sergeant, queue):
    client.force_login(sergeant)

    assert shown(client, "?q=quintero") == [queue["old"]]
    assert shown(client, "?q=Alma+Quintero") == [queue["old"]]


def test_search_finds_the_officer_by_name_or_badge(client, sergeant, queue):
    client.force_login(sergeant)

    assert shown(client, "?q=whitcombe") == [queue["arrest"]]
    assert shown(client, "?q=b-77") == [queue["arrest"]]


def test_filters_by_route_outcome_unit_and_officer(client, sergeant, queue, officer):
    client.force_login(sergeant)
    social = queue["not_diverted"].route_id

    assert shown(client, f"?route={social}") == [queue["not_diverted"]]
    assert shown(client, "?outcome=not_divert") == [queue["not_diverted"]]
    assert shown(client, "?outcome=divert") == [queue["old"], queue["arrest"]]
    assert shown(client, f"?unit={queue['unit'].pk}") == [queue["arrest"]]
    assert shown(client, f"?officer={officer.pk}") == [queue["old"], queue["not_diverted"]]


def test_waiting_longer_than_n_days(client, sergeant, queue):
    client.force_login(sergeant)

    assert shown(client, "?waiting_days=7") == [queue["old"]]
    assert shown(client, "?waiting_days=11") == []


def test_the_filters_stay_in_the_form_and_in_the_page_links(client, sergeant, officer, queue, lead_protocol):
    for _ in range(25):
        file_referral(officer=officer, route_code="arrest-diversion")
    client.force_login(sergeant)

    page = client.get("/reviews/?outcome=divert&q=").content.decode()

    assert '<option value="divert" selected>' in page
    assert 'href="?outcome=divert&amp;q=&amp;page=2"' in page


def test_a_filter_that_matches_nothing_says_so(client, sergeant, queue):
    client.force_login(sergeant)

    page = client.get("/reviews/?q=nobody").content.decode()

    assert "Nothing waiting for you matches these filters." in page


def test_bad_filter_input_is_explained_not_a_crash(client, sergeant, queue):
    client.force_login(sergeant)

    response = client.get("/reviews/?waiting_days=soon&unit=999999&q=" + "x" * 500)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a whole number." in page
    assert "Select a valid choice." in page
    assert "Ensure this value has at most 200 characters" in page


def test_a_search_of_many_words_is_refused_with_the_search_limit(client, sergeant, queue):
    client.force_login(sergeant)

    response = client.get("/reviews/?q=" + "+".join(["ab"] * 40))

    assert response.status_code == 200
    assert "A search can have at most 8 words" in response.content.decode()


def test_only_the_sergeant_s_units_and_officers_are_offered(client, sergeant, queue, make_user):
    elsewhere = UnitFactory(name="Harbour unit")
    stranger = make_user(Role.OFFICER, last_name="Outsider", unit=elsewhere)
    client.force_login(sergeant)

    response = client.get("/reviews/")
    form = response.context["filterset"].form

    assert elsewhere not in form.fields["unit"].queryset
    assert stranger not in form.fields["officer"].queryset
    assert queue["other"] in form.fields["officer"].queryset
    # A unit of someone else's cannot be used to widen the queue.
    assert shown(client, f"?unit={elsewhere.pk}") == [queue["old"], queue["arrest"], queue["not_diverted"]]


def test_the_filters_are_in_the_audit_of_the_list(client, sergeant, queue):
    from lead_ops.audit.models import AuditEvent

    client.force_login(sergeant)
    client.get("/reviews/?q=quintero")

    event = AuditEvent.objects.filter(summary="Review queue").latest("id")
    assert event.detail["filters"] == {"q": "quintero"}
    assert event.object_ids == f",{queue['old'].pk},"


@pytest.mark.parametrize("rows", [1, 50])
def test_the_filtered_queue_query_count_is_fixed(
    client, sergeant, officer, lead_protocol, rows, django_assert_num_queries
):
    for _ in range(rows):
        file_referral(officer=officer, route_code="arrest-diversion")
    client.force_login(sergeant)

    # As the unfiltered queue (session, user, groups, units supervised, unread,
    # count, page, reasons, training x3, audit), plus the chosen officer's
    # check and the filter's choices: routes, units, officers.
    with django_assert_num_queries(16):
        response = client.get(f"/reviews/?outcome=divert&officer={officer.pk}&waiting_days=0&q={officer.last_name}")
    assert len(response.context["rows"]) == min(rows, 25)


def test_an_unfiltered_queue_loads_its_filters_only_when_they_are_opened(client, sergeant, queue):
    from lead_ops.audit.models import AuditEvent

    client.force_login(sergeant)

    page = client.get("/reviews/").content.decode()
    panel = page.split('data-testid="review-filters"')[1].split("</details>")[0]
    assert 'name="q"' not in panel and 'data-testid="filters-to-load"' in panel and " open>" not in panel
    assert 'href="?filters=show"' in panel and 'hx-get="?filters=form"' in panel
    assert "panel_form" not in page and "{%" not in page  # the partial says nothing of itself

    audited = AuditEvent.objects.count()
    form = client.get("/reviews/?filters=form", headers={"HX-Request": "true"}).content.decode()
    assert "<form" in form and 'name="q"' in form
    assert "Whitcombe" in form and "Night patrol" in form  # the choices: the sergeant's officers and units
    assert "Quintero" not in form and "<details" not in form and "<html" not in form  # the form alone, no person
    assert AuditEvent.objects.count() == audited  # nothing about a person was read

    # Without JavaScript the link loads the page with the form open and the whole queue.
    response = client.get("/reviews/?filters=show")
    shown_page = response.content.decode()
    assert 'data-testid="review-filters" open>' in shown_page and 'name="q"' in shown_page
    assert [row["referral"] for row in response.context["rows"]] == [
        queue["old"],
        queue["arrest"],
        queue["not_diverted"],
    ]
    assert AuditEvent.objects.filter(summary="Review queue").latest("id").detail["filters"] == {}
    # Applied filters keep the form in the page, open.
    assert 'data-testid="review-filters" open>' in client.get("/reviews/?q=quintero").content.decode()


def test_only_a_sergeant_gets_the_queue_s_filters(client, officer, queue):
    client.force_login(officer)
    assert client.get("/reviews/?filters=form", headers={"HX-Request": "true"}).status_code == 403
