"""/referrals/, /referrals/<id>/, /people/: who sees what, audit of what was shown,
and query counts that do not grow with the number of rows."""

import pytest

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from lead_ops.audit.models import AuditEvent
from referrals.models import Referral

from .factories import PersonFactory, file_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_officer(make_user):
    return make_user(Role.OFFICER, unit=UnitFactory())


def test_an_officer_lists_only_their_own(client, officer, other_officer, lead_protocol):
    mine = file_referral(officer=officer)
    file_referral(officer=other_officer)
    client.force_login(officer)

    response = client.get("/referrals/")

    assert [r.pk for r in response.context["referrals"]] == [mine.pk]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.LIST).latest("id")
    assert event.id_list == [str(mine.pk)] and event.object_type == "referrals.referral"


def test_a_sergeant_lists_their_units_and_not_others(client, sergeant, officer, other_officer, lead_protocol):
    in_unit = file_referral(officer=officer)
    file_referral(officer=other_officer)
    client.force_login(sergeant)

    response = client.get("/referrals/")

    assert [r.pk for r in response.context["referrals"]] == [in_unit.pk]
    assert "officer" in response.context["filterset"].form.fields


def test_a_unit_with_two_sergeants_lists_each_referral_once(client, sergeant, officer, make_user, lead_protocol):
    officer.unit.supervisors.add(make_user(Role.SERGEANT))
    file_referral(officer=sergeant, person=PersonFactory())  # the sergeant's own, outside any unit
    file_referral(officer=officer)
    client.force_login(sergeant)

    assert len(client.get("/referrals/").context["referrals"]) == 2


def test_filters_narrow_the_list(client, officer, lead_protocol):
    social = file_referral(officer=officer)
    file_referral(officer=officer, route_code="arrest-diversion")
    client.force_login(officer)

    response = client.get("/referrals/", {"route": social.route.pk})

    assert [r.pk for r in response.context["referrals"]] == [social.pk]


def test_an_inverted_date_range_says_so(client, officer, lead_protocol):
    file_referral(officer=officer)
    client.force_login(officer)

    response = client.get("/referrals/", {"submitted_from": "2026-05-01", "submitted_to": "2026-04-01"})

    assert response.status_code == 200
    assert "The &#x27;From&#x27; date is after the &#x27;To&#x27; date." in response.content.decode()


def test_an_unknown_filter_value_is_a_message_not_an_error(client, officer, lead_protocol):
    client.force_login(officer)

    response = client.get("/referrals/", {"status": "teleported", "route": "999999", "submitted_from": "soon"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, sergeant, officer, lead_protocol, rows, django_assert_num_queries
):
    for _ in range(rows):
        file_referral(officer=officer)
    client.force_login(sergeant)

    # session, user, groups, ids of the units supervised, unread notifications,
    # count, page of referrals, audit insert (the filters' choices are read when
    # the filters are opened or applied)
    with django_assert_num_queries(8):
        client.get("/referrals/")
    # filtered: the chosen officer's check, and the filters' choices (routes,
    # units, officers), which the page shows
    with django_assert_num_queries(12):
        client.get(f"/referrals/?officer={officer.pk}")


def test_detail_shows_the_eligibility_explanation_with_its_version(client, officer, lead_protocol):
    referral = file_referral(officer=officer)
    client.force_login(officer)

    content = client.get(f"/referrals/{referral.pk}/").content.decode()

    assert "Judged under protocol version 2" in content
    assert "Verified activity inside the LEAD area within 24 months: yes" in content
    assert "(Verified activity on" in content
    assert AuditEvent.objects.filter(action="view", object_ids=f",{referral.pk},").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SERGEANT, Role.COORDINATOR, Role.ANALYST, Role.PROSECUTOR])
def test_someone_elses_referral_is_not_found(client, officer, make_user, lead_protocol, role):
    referral = file_referral(officer=officer)
    client.force_login(make_user(role))

    assert client.get(f"/referrals/{referral.pk}/").status_code == 404


def test_the_coordinator_sees_participants_only(client, coordinator, officer, lead_protocol):
    referral = file_referral(officer=officer)
    client.force_login(coordinator)
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404

    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.HANDED_OFF)
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PROSECUTOR, Role.CASE_MANAGER, Role.PUBLIC_DEFENDER])
def test_roles_without_a_list_are_refused(client, make_user, role):
    client.force_login(make_user(role))

    assert client.get("/referrals/").status_code == 403


def test_people_search_page_and_person_detail(client, officer, other_officer, lead_protocol):
    person = PersonFactory(first_name="Marisol", last_name="Quintero")
    mine = file_referral(officer=officer, person=person)
    theirs = file_referral(officer=other_officer, person=person)
    client.force_login(officer)

    results = client.get("/people/", {"q": "quintero"}).content.decode()
    detail = client.get(f"/people/{person.pk}/").content.decode()

    assert "Marisol Quintero" in results and "1 referral you can see" in results
    assert f"/referrals/{mine.pk}/" in detail
    assert f"/referrals/{theirs.pk}/" not in detail
    search = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert search.id_list == [str(person.pk)] and search.detail == {"query": "quintero"}


def test_people_search_is_for_police_and_administrators(client, make_user):
    client.force_login(make_user(Role.CASE_MANAGER))

    assert client.get("/people/", {"q": "a"}).status_code == 403


@pytest.mark.parametrize("rows", [1, 20])
def test_people_search_query_count_is_fixed(client, officer, rows, django_assert_num_queries):
    for _ in range(rows):
        PersonFactory(last_name="Sanchez")
    client.force_login(officer)

    with django_assert_num_queries(6):  # session, user, groups, unread notifications, people with counts, audit
        client.get("/people/", {"q": "sanchez"})


def test_home_shows_my_referrals_and_unfinished_drafts(client, officer, lead_protocol):
    referral = file_referral(officer=officer)
    client.post("/referrals/new/check/", {"route": "social-contact", "token": "6a1f3a52-0d2b-4f0e-9d8c-7d1f6c5c2b10"})
    client.force_login(officer)
    client.post(
        "/referrals/new/check/",
        {"route": "social-contact", "token": "6a1f3a52-0d2b-4f0e-9d8c-7d1f6c5c2b10", "first_name": "Dora"},
    )

    content = client.get("/").content.decode()

    assert referral.person.full_name in content
    assert "Dora" in content and "?draft=6a1f3a52-0d2b-4f0e-9d8c-7d1f6c5c2b10" in content


def test_the_list_s_filters_are_loaded_when_opened_and_shown_when_applied(client, sergeant, officer, lead_protocol):
    file_referral(officer=officer)
    client.force_login(sergeant)

    panel = client.get("/referrals/").content.decode().split('data-testid="referral-filters"')[1].split("</details>")[0]
    assert 'name="officer"' not in panel and 'hx-get="?filters=form"' in panel
    # A page number, or a filter left empty, applies no filter: the panel stays closed.
    assert 'hx-get="?filters=form"' in client.get("/referrals/?page=1&route=").content.decode()

    form = client.get("/referrals/?filters=form", headers={"HX-Request": "true"}).content.decode()
    assert 'name="officer"' in form and officer.last_name in form and "<html" not in form
    assert 'data-testid="referral-table"' not in form
    # Not from htmx, the key only opens the panel: the page, its rows and the form.
    page = client.get("/referrals/?filters=form").content.decode()
    assert 'data-testid="referral-filters" open>' in page and 'data-testid="referral-table"' in page
    applied = client.get(f"/referrals/?officer={officer.pk}").content.decode()
    assert 'data-testid="referral-filters" open>' in applied and f'value="{officer.pk}" selected' in applied


@pytest.mark.parametrize("status", ["handed_off", "diverted"])  # the stage worked out per row, and the stored one
def test_a_list_filtered_by_status_reaches_every_row_a_page_at_a_time(
    client, sergeant, officer, lead_protocol, status, monkeypatch
):
    """Filtered by a case-management stage the list counts and pages in one
    query (lead_ops.paging); by a stored status, with Django's Paginator. Both
    reach every row once, newest first, with the same page numbers, and the
    same number of queries."""
    from lead_ops.accounts.models import Agency
    from lead_ops.accounts.tests.factories import AgencyFactory
    from referrals.views import browse
    from workgroup.tests.factories import handed_off_referral

    monkeypatch.setattr(browse, "PAGE_SIZE", 2)
    agency = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)
    for _ in range(3):
        if status == "handed_off":
            handed_off_referral(officer=officer, sergeant=sergeant, agency=agency)
        else:
            file_referral(officer=officer, route_code="social-contact")
    file_referral(officer=officer, route_code="arrest-diversion")  # waiting for review: in neither
    expected = list(
        Referral.objects.filter(status=status).order_by("-submitted_at", "-id").values_list("pk", flat=True)
    )
    assert len(expected) == 3
    client.force_login(sergeant)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages, queries = {}, {}
    for number in ("1", "2", "9", "x", "0"):
        with CaptureQueriesContext(connection) as captured:
            pages[number] = client.get("/referrals/", {"status": status, "page": number})
        queries[number] = len(captured)
    # session, user, groups, units supervised, unread, the page (ids, and for a
    # stage the count beside them; for a stored status the count before them),
    # its rows, audit, the filters' choices (routes, units, officers)
    expected_queries = {"1": 11, "2": 11, "x": 11, "9": 11, "0": 11}
    if status == "handed_off":  # past the end: the empty page, then the count and the last page
        expected_queries.update({"9": 13, "0": 12})  # below the first: the count and the last page
    assert queries == expected_queries
    listed = {n: [r.pk for r in response.context["referrals"]] for n, response in pages.items()}
    assert listed["1"] + listed["2"] == expected
    assert listed["9"] == listed["0"] == listed["2"] and listed["x"] == listed["1"]
    assert "Page 1 of 2" in pages["1"].content.decode() and "Page 2 of 2" in pages["2"].content.decode()
