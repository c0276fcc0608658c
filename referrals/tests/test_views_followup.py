"""/reviews/, the correction page, hand-off, intake, notes and filing from the
referral page; the Golden Rule on what each role sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, UnitFactory
from lead_ops.audit.models import AuditEvent
from referrals.models import Intake, Referral, Review
from referrals.services.handoff import intake_deadline_sweep, intake_update_notes, referral_hand_off
from referrals.services.review import review_approve, review_return

from .factories import file_referral

pytestmark = pytest.mark.django_db


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def arrest(officer, sergeant, lead_protocol):
    return file_referral(officer=officer, route_code="arrest-diversion")


@pytest.fixture
def agency():
    return AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)


@pytest.fixture
def cm(make_user, agency):
    return make_user(Role.CASE_MANAGER, agency=agency)


def act(client, referral, action, comment="", htmx=True):
    data = {
        f"r{referral.pk}-decision_id": referral.current_decision_id,
        f"r{referral.pk}-action": action,
        f"r{referral.pk}-comment": comment,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(f"/reviews/{referral.pk}/", data, **headers)


def handed_off(referral, actor, agency):
    return referral_hand_off(
        referral=referral,
        actor=actor,
        agency=agency,
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=10),
    )


def test_the_queue_lists_the_units_decisions(client, sergeant, arrest):
    client.force_login(sergeant)

    response = client.get("/reviews/")

    assert [row["referral"] for row in response.context["rows"]] == [arrest]
    assert "Approve" in response.content.decode()


def test_each_queue_row_has_the_form_s_own_markup(client, sergeant, arrest):
    """The rows write the unbound form out by hand (it is the page's hot loop):
    it must stay what the form itself renders."""
    from pytest_django.asserts import assertInHTML

    from referrals.forms import ReviewActionForm

    client.force_login(sergeant)
    page = client.get("/reviews/").content.decode()

    form = ReviewActionForm(initial={"decision_id": arrest.current_decision_id}, prefix=f"r{arrest.pk}")
    assertInHTML(str(form["decision_id"]), page)
    assertInHTML(str(form["comment"].as_field_group()), page)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_query_count_is_fixed(client, sergeant, officer, lead_protocol, rows, django_assert_num_queries):
    for _ in range(rows):
        file_referral(officer=officer, route_code="arrest-diversion")
    client.force_login(sergeant)

    # session, user, groups, ids of the units supervised, unread, queue count,
    # queue page, reasons, the officers' training status (topics, requirements,
    # records), audit; no filter is applied, so the filter's choices are read
    # only when the sergeant opens them (referrals/views/filter_panel.py)
    with django_assert_num_queries(12):
        client.get("/reviews/")


def test_approving_inline_replaces_the_row(client, sergeant, arrest):
    client.force_login(sergeant)

    response = act(client, arrest, "approve")

    assert "approved by you" in response.content.decode()
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.APPROVED


def test_returning_without_a_comment_keeps_the_row_with_the_message(client, sergeant, arrest):
    client.force_login(sergeant)

    response = act(client, arrest, "return")

    content = response.content.decode()
    assert "Say what the officer should correct" in content
    assert f'id="review-{arrest.pk}"' in content and "Approve" in content
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW


def test_a_second_sergeant_sees_who_was_first(client, sergeant, arrest, make_user):
    other = make_user(Role.SERGEANT, first_name="Rita", last_name="Okafor")
    arrest.unit.supervisors.add(other)
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=other)
    client.force_login(sergeant)

    response = act(client, arrest, "return", comment="Fix it")

    assert "Already reviewed by Rita Okafor at" in response.content.decode()
    assert Review.objects.count() == 1


def test_the_second_sergeant_keeps_the_comment_they_typed(client, sergeant, arrest, make_user):
    other = make_user(Role.SERGEANT, first_name="Rita", last_name="Okafor")
    arrest.unit.supervisors.add(other)
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=other)
    client.force_login(sergeant)

    page = act(client, arrest, "return", comment="Beat number is <missing> & the time").content.decode()

    assert "Your comment was not saved; copy it from here:" in page
    assert ">Beat number is &lt;missing&gt; &amp; the time</textarea>" in page


def test_without_htmx_the_losing_comment_is_in_the_message(client, sergeant, arrest, make_user):
    other = make_user(Role.SERGEANT)
    arrest.unit.supervisors.add(other)
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=other)
    client.force_login(sergeant)

    response = act(client, arrest, "return", comment="Check the beat", htmx=False)

    page = client.get(response["Location"]).content.decode()
    assert "Your comment was not saved: Check the beat" in page


def test_without_htmx_the_action_redirects_with_a_message(client, sergeant, arrest):
    client.force_login(sergeant)

    response = act(client, arrest, "approve", htmx=False)

    assert response.status_code == 302 and response["Location"] == "/reviews/"


def test_a_sergeant_cannot_act_outside_their_units(client, arrest, make_user):
    outsider = make_user(Role.SERGEANT)
    UnitFactory().supervisors.add(outsider)
    client.force_login(outsider)

    assert act(client, arrest, "approve").status_code == 404
    assert client.get("/reviews/").context["rows"] == []
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PROSECUTOR, Role.CASE_MANAGER, Role.ANALYST])
def test_only_sergeants_review(client, make_user, arrest, role):
    client.force_login(make_user(role))

    assert client.get("/reviews/").status_code == 403
    assert act(client, arrest, "approve").status_code == 403


def test_the_officer_corrects_a_returned_referral(client, officer, sergeant, arrest):
    review_return(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant, comment="Beat missing")
    client.force_login(officer)

    page = client.get(f"/referrals/{arrest.pk}/correct/")
    assert "Beat missing" in page.content.decode()
    form = page.context["form"]
    data = {key: value for key, value in form.initial.items() if value not in (None, "")}
    data.update(
        route="arrest-diversion",
        decision="divert",
        beat="W2",
        person=arrest.person_id,
        offenses=[str(pk) for pk in form.initial["offenses"]],
        none_apply="on",
    )
    data = {k: (v if isinstance(v, list) else str(v)) for k, v in data.items() if v is not False}

    response = client.post(f"/referrals/{arrest.pk}/correct/", data)

    assert response.status_code == 302, response.context["form"].errors
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.UNDER_REVIEW and arrest.beat == "W2"


def test_correcting_is_only_for_the_officer_of_a_returned_referral(client, officer, arrest, make_user):
    client.force_login(officer)
    assert client.get(f"/referrals/{arrest.pk}/correct/").status_code == 404  # not returned
    client.force_login(make_user(Role.OFFICER))
    assert client.get(f"/referrals/{arrest.pk}/correct/").status_code == 404


def test_hand_off_from_the_referral_page(client, officer, sergeant, arrest, agency):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    client.force_login(officer)
    page = client.get(f"/referrals/{arrest.pk}/").content.decode()
    assert "Record the warm hand-off" in page

    response = client.post(
        f"/referrals/{arrest.pk}/handoff/",
        {
            "agency": agency.pk,
            "called_at": local(timezone.now() - timedelta(minutes=20)),
            "arrived_at": local(timezone.now() - timedelta(minutes=2)),
        },
        follow=True,
    )

    assert "Hand-off recorded." in response.content.decode()
    assert Intake.objects.get(referral=arrest).warm_handoff_minutes == 18


def test_a_hand_off_before_approval_is_refused_with_a_message(client, officer, arrest, agency):
    client.force_login(officer)

    response = client.post(
        f"/referrals/{arrest.pk}/handoff/",
        {"agency": agency.pk, "called_at": local(timezone.now() - timedelta(minutes=5))},
        follow=True,
    )

    assert "Only a diversion ready for hand-off can be handed off" in response.content.decode()
    assert not Intake.objects.exists()


def test_bad_hand_off_input_is_a_message_not_an_error(client, officer, sergeant, arrest):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    client.force_login(officer)

    response = client.post(f"/referrals/{arrest.pk}/handoff/", {"agency": "999", "called_at": "yesterday"}, follow=True)

    assert response.status_code == 200
    assert "Hand-off not recorded" in response.content.decode()


def test_case_manager_records_intake_with_consent(client, officer, sergeant, arrest, agency, cm):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    handed_off(arrest, officer, agency)
    client.force_login(cm)
    today = timezone.localdate()

    response = client.post(
        f"/referrals/{arrest.pk}/intake/",
        {
            "completed_at": local(timezone.now()),
            "parties": "Case management\nPolice liaison",
            "purpose": "Coordination",
            "signed_on": str(today),
            "expires_on": str(today + timedelta(days=365)),
        },
        follow=True,
    )

    assert "Intake and release of information recorded." in response.content.decode()
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.INTAKE_DONE


def test_an_intake_date_before_the_referral_is_refused(client, officer, sergeant, arrest, agency, cm):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    handed_off(arrest, officer, agency)
    client.force_login(cm)
    today = timezone.localdate()

    response = client.post(
        f"/referrals/{arrest.pk}/intake/",
        {
            "completed_at": local(timezone.now() - timedelta(days=20)),
            "parties": "x",
            "purpose": "y",
            "signed_on": str(today),
            "expires_on": str(today + timedelta(days=1)),
        },
        follow=True,
    )

    assert "The intake cannot be before the referral." in response.content.decode()
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.HANDED_OFF


def test_golden_rule_case_notes_only_for_case_management(
    client, officer, sergeant, arrest, agency, cm, prosecutor, coordinator
):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    handed_off(arrest, officer, agency)
    intake_update_notes(referral=arrest, case_manager=cm, notes="Disclosed relapse; housing application filed.")
    url = f"/referrals/{arrest.pk}/"

    client.force_login(cm)
    assert "Disclosed relapse" in client.get(url).content.decode()
    for viewer in (officer, sergeant, prosecutor, coordinator):
        client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assert "Disclosed relapse" not in response.content.decode(), viewer
        assert "case managers only" not in response.content.decode()


def test_the_prosecutor_sees_held_cases_and_decides_after_the_deadline(
    client, officer, sergeant, arrest, agency, prosecutor
):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    intake = handed_off(arrest, officer, agency)
    client.force_login(prosecutor)
    assert arrest.incident_number in client.get("/prosecution/").content.decode()
    assert "filing decision" not in client.get(f"/referrals/{arrest.pk}/").content.decode()

    intake_deadline_sweep(today=intake.intake_deadline + timedelta(days=1))
    assert "Record filing decision" in client.get(f"/referrals/{arrest.pk}/").content.decode()
    response = client.post(f"/referrals/{arrest.pk}/charging/", {"decision": "file", "note": "No contact"}, follow=True)

    assert "Filing decision recorded." in response.content.decode()
    arrest.refresh_from_db()
    assert arrest.status == Referral.Status.CLOSED and arrest.intake.filing_decision == "file"


def test_the_prosecutor_does_not_see_social_contacts_or_pending_reviews(client, officer, prosecutor, arrest):
    social = file_referral(officer=officer)
    client.force_login(prosecutor)

    assert client.get(f"/referrals/{social.pk}/").status_code == 404
    assert client.get(f"/referrals/{arrest.pk}/").status_code == 404  # not yet approved


def test_case_manager_sees_only_their_agencys_hand_offs(client, officer, sergeant, arrest, agency, cm, make_user):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    handed_off(arrest, officer, agency)
    client.force_login(cm)
    assert [r.pk for r in client.get("/handoffs/").context["referrals"]] == [arrest.pk]

    client.force_login(make_user(Role.CASE_MANAGER, agency=AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)))
    assert client.get("/handoffs/").context["referrals"] == []
    assert client.get(f"/referrals/{arrest.pk}/").status_code == 404


def test_the_hand_offs_page_shows_each_row_as_the_case_manager_may_see_it(
    client, officer, sergeant, arrest, agency, cm, make_user
):
    review_approve(referral=arrest, decision_id=arrest.current_decision_id, sergeant=sergeant)
    open_one = handed_off(arrest, officer, agency)
    assigned = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=assigned, decision_id=assigned.current_decision_id, sergeant=sergeant)
    late = handed_off(assigned, officer, agency)
    named = make_user(Role.CASE_MANAGER, agency=agency, first_name="Rosa", last_name="Ng")
    Intake.objects.filter(pk=late.pk).update(
        case_manager=named, intake_deadline=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(cm)

    rows = client.get("/handoffs/").content.decode().split('data-testid="handoff-table"')[1].split("<tr>")[2:]

    assert len(rows) == 2
    overdue, waiting = rows  # the soonest deadline first
    assert assigned.person.full_name in overdue and "Rosa Ng" in overdue and ">overdue</span>" in overdue
    assert f'href="/referrals/{assigned.pk}/"' in overdue
    assert arrest.person.full_name in waiting and "not assigned" in waiting and "overdue" not in waiting
    handed = timezone.localtime(open_one.handed_off_at).strftime("%Y-%m-%d %H:%M")
    assert f"<td>{handed}</td>" in waiting and open_one.intake_deadline.isoformat() in waiting
    assert all("<td>Handed off to case management</td>" in row for row in rows)  # the stored stage, seen inside


@pytest.mark.parametrize("count", [1, 3])
def test_the_hand_offs_page_query_count_is_fixed(
    client, officer, sergeant, agency, cm, lead_protocol, count, django_assert_num_queries
):
    for _ in range(count):
        referral = file_referral(officer=officer, route_code="arrest-diversion")
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
        handed_off(referral, officer, agency)
    client.force_login(cm)

    # session, user, groups, unread, how many there are (the pages), the page's rows with their stage, audit
    with django_assert_num_queries(7):
        assert client.get("/handoffs/").status_code == 200


def test_open_hand_offs_come_before_completed_ones_and_held_charges_without_a_deadline_last(
    client, officer, sergeant, agency, cm, prosecutor, lead_protocol
):
    """The order of both pages is the same on every database: empty values
    (no completion, no deadline yet) sort where the page says, not where the
    engine puts them (PostgreSQL last, SQLite first)."""
    from referrals.services.handoff import ReleaseInput, intake_record_completion
    from workgroup.tests.factories import handed_off_referral

    completed, later, sooner = (
        handed_off_referral(officer=officer, sergeant=sergeant, agency=agency) for _ in range(3)
    )
    not_handed_off = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=not_handed_off, decision_id=not_handed_off.current_decision_id, sergeant=sergeant)
    for referral, days in ((completed, 1), (later, 9), (sooner, 4)):
        Intake.objects.filter(referral=referral).update(
            case_manager=cm, intake_deadline=timezone.localdate() + timedelta(days=days)
        )
    today = timezone.localdate()
    intake_record_completion(
        referral=completed,
        case_manager=cm,
        completed_at=timezone.now(),
        release=ReleaseInput(parties="LEAD", purpose="Coordination", signed_on=today, expires_on=today + timedelta(1)),
    )

    client.force_login(cm)
    assert [r.pk for r in client.get("/handoffs/").context["referrals"]] == [sooner.pk, later.pk, completed.pk]
    client.force_login(prosecutor)
    held = [r.pk for r in client.get("/prosecution/").context["referrals"]]
    assert held == [completed.pk, sooner.pk, later.pk, not_handed_off.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_the_held_cases_page_and_the_prosecutor_s_home_cost_the_same_for_one_case_and_many(
    client, officer, sergeant, agency, prosecutor, lead_protocol, count, django_assert_num_queries
):
    from workgroup.tests.factories import handed_off_referral

    for _ in range(count):
        handed_off_referral(officer=officer, sergeant=sergeant, agency=agency)
    Intake.objects.update(intake_deadline=timezone.localdate() - timedelta(days=1))  # each a decision waiting
    client.force_login(prosecutor)

    # session, user, groups, unread, how many there are (the pages), the page's rows with their stage, audit
    with django_assert_num_queries(7):
        response = client.get("/prosecution/")
    assert response.content.decode().count("decision needed") == count
    # session, user, groups, the panels (held charges: their rows, how many; the
    # workgroup's issues, meetings, actions; the assignment), audit, unread
    with django_assert_num_queries(11):
        response = client.get("/")
    home = response.content.decode()
    assert f'data-testid="overdue-count">{count}<' in home and home.count("· deadline ") == count


def test_every_hand_off_and_held_case_can_be_reached_a_page_at_a_time(
    client, officer, sergeant, agency, cm, prosecutor, lead_protocol, monkeypatch
):
    """Past a page's rows the next page holds the rest (no row is out of reach,
    as it was past a fixed limit), and each page's audit names its own rows."""
    from referrals.views import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    referrals = []
    for _ in range(3):
        referral = file_referral(officer=officer, route_code="arrest-diversion")
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
        handed_off(referral, officer, agency)
        referrals.append(referral.pk)

    for viewer, path, summary in (
        (cm, "/handoffs/", "Hand-offs for my agency"),
        (prosecutor, "/prosecution/", "Held cases"),
    ):
        client.force_login(viewer)
        pages = {number: client.get(path, {"page": number}) for number in ("1", "2", "9", "x")}
        first, second = ([r.pk for r in pages[n].context["referrals"]] for n in ("1", "2"))
        assert len(first) == 2 and len(second) == 1 and sorted(first + second) == sorted(referrals), path
        assert "Page 2 of 2" in pages["2"].content.decode() and 'href="?page=1"' in pages["2"].content.decode()
        # Past the end: the last page; not a number: the first.
        assert [r.pk for r in pages["9"].context["referrals"]] == second
        assert [r.pk for r in pages["x"].context["referrals"]] == first
        audited = AuditEvent.objects.filter(action=AuditEvent.Action.LIST, summary=summary).order_by("pk")
        assert [event.id_list for event in audited][:2] == [[str(pk) for pk in first], [str(pk) for pk in second]]


def test_queues_are_audited_with_the_ids_shown(client, sergeant, arrest):
    client.force_login(sergeant)
    client.get("/reviews/")

    event = AuditEvent.objects.filter(action=AuditEvent.Action.LIST, summary="Review queue").get()
    assert event.id_list == [str(arrest.pk)]
