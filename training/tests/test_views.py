from decimal import Decimal

import pytest
from django.urls import reverse

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UnitFactory
from lead_ops.audit.models import AuditEvent
from training import services
from training.models import PeerTrainer, ProtocolAcknowledgement, RecordImport, Topic, TrainingRecord, TrainingSession

from .factories import (
    AttendanceFactory,
    PeerTrainerFactory,
    TopicFactory,
    TrainingRecordFactory,
    TrainingSessionFactory,
    days_ago,
    published_protocol,
)
from .files import pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(harm_reduction):
    return TrainingSessionFactory(topics=[harm_reduction])


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


# --- Who may open what ------------------------------------------------------------------------

MANAGE_URLS = [
    "training:session_list",
    "training:session_create",
    "training:topic_list",
    "training:topic_create",
    "training:trainer_list",
    "training:import_upload",
]
COMPLIANCE_URLS = ["training:compliance", "training:rollout"]


@pytest.mark.parametrize(
    ("role", "manages", "sees_compliance"),
    [
        (Role.OFFICER, False, False),
        (Role.SERGEANT, False, True),
        (Role.CASE_MANAGER, False, False),
        (Role.ANALYST, False, False),
        (Role.COORDINATOR, True, True),
        (Role.ADMINISTRATOR, True, True),
    ],
)
def test_each_role_opens_only_its_pages(client, make_user, role, manages, sees_compliance):
    client.force_login(make_user(role))

    assert client.get(reverse("training:my_training")).status_code == 200
    assert client.get(reverse("training:protocol")).status_code == 200
    for name in MANAGE_URLS:
        assert client.get(reverse(name)).status_code == (200 if manages else 403), name
    for name in COMPLIANCE_URLS:
        assert client.get(reverse(name)).status_code == (200 if sees_compliance else 403), name


def test_a_refusal_is_a_clear_page_and_is_audited(client, officer):
    response = page(client, officer, reverse("training:session_list"))

    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED)
    assert (event.actor, event.outcome, event.summary) == (officer, "denied", "GET /training/sessions/")


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("training:my_training"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_training_is_in_everyones_navigation(client, case_manager):
    assert 'href="/training/"' in page(client, case_manager, "/").content.decode()


def test_section_links_follow_the_role(client, officer, sergeant, coordinator):
    officer_page = page(client, officer, reverse("training:my_training")).content.decode()
    sergeant_page = page(client, sergeant, reverse("training:my_training")).content.decode()
    coordinator_page = page(client, coordinator, reverse("training:my_training")).content.decode()

    assert "Compliance" not in officer_page and "Sessions" not in officer_page
    assert "Compliance" in sergeant_page and "Import records" not in sergeant_page
    assert "Import records" in coordinator_page


# --- My training and the protocol --------------------------------------------------------------


def test_my_training_shows_where_i_stand_and_my_history(client, officer, harm_reduction, protocol_topic):
    TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=days_ago(100), note="Academy")

    content = page(client, officer, reverse("training:my_training")).content.decode()

    assert "Not current: 1 not yet completed of 2 required topics." in content
    assert "Not yet completed" in content and "Current" in content
    assert "Academy" in content


@pytest.mark.parametrize("records", [1, 20])
def test_my_training_takes_the_same_queries_however_long_the_history(
    client, officer, harm_reduction, records, django_assert_num_queries
):
    published_protocol()
    for day in range(records):
        TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=days_ago(day + 1))
    for _ in range(3):
        TrainingSessionFactory(topics=[harm_reduction], held_on=days_ago(-10))
    client.force_login(officer)

    # session, user, roles, unread notifications; requirements, completions; records; the protocol
    # in force with whether it was acknowledged; acknowledgements; upcoming sessions and their topics; the section
    # links' permission checks fall through to ModelBackend, which loads user and group
    # permissions once (2)
    with django_assert_num_queries(13):
        client.get(reverse("training:my_training"))


def test_an_officer_acknowledges_a_new_protocol_version_and_the_notice_goes(client, officer):
    version = published_protocol()
    client.force_login(officer)

    home = client.get("/").content.decode()
    assert f"Protocol version {version.number} needs your acknowledgement" in home

    protocol = client.get(reverse("training:protocol")).content.decode()
    assert f"I have read protocol version {version.number}" in protocol
    response = client.post(reverse("training:protocol_acknowledge"), {"version": version.pk}, follow=True)

    assert "you acknowledged protocol version" in response.content.decode()
    assert ProtocolAcknowledgement.objects.filter(user=officer, version=version).exists()
    assert "needs your acknowledgement" not in client.get("/").content.decode()
    assert "You acknowledged version" in client.get(reverse("training:protocol")).content.decode()


def test_other_roles_read_the_protocol_but_do_not_acknowledge_it(client, case_manager):
    version = published_protocol()

    content = page(client, case_manager, reverse("training:protocol")).content.decode()
    response = client.post(reverse("training:protocol_acknowledge"), {"version": version.pk})

    assert "I have read" not in content
    assert response.status_code == 403
    assert not ProtocolAcknowledgement.objects.exists()


def test_acknowledging_an_unknown_version_says_so(client, officer):
    client.force_login(officer)

    response = client.post(reverse("training:protocol_acknowledge"), {"version": "9999"}, follow=True)

    assert "could not be found" in response.content.decode()


def test_the_home_panel_lists_what_needs_doing(client, officer, harm_reduction):
    TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=days_ago(800))

    content = page(client, officer, "/").content.decode()

    assert 'data-testid="panel-my-training"' in content
    assert "Overdue</span> Harm reduction" in content


def test_coordinators_home_shows_upcoming_sessions(client, coordinator, harm_reduction):
    TrainingSessionFactory(title="Next week's briefing", topics=[harm_reduction], held_on=days_ago(-7))

    assert "Next week&#x27;s briefing" in page(client, coordinator, "/").content.decode()


# --- Sessions -----------------------------------------------------------------------------------


def session_post(topic, **overrides):
    data = {
        "title": "Social contact, from those who use it",
        "held_on": days_ago(2).isoformat(),
        "hours": "1.5",
        "place": "West Precinct",
        "topics": [topic.pk],
        "outside_trainers": "",
    }
    return {**data, **overrides}


def test_a_coordinator_records_a_peer_led_session_with_materials(client, coordinator, sergeant, harm_reduction):
    PeerTrainerFactory(user=sergeant)
    client.force_login(coordinator)

    response = client.post(
        reverse("training:session_create"), {**session_post(harm_reduction, trainers=[sergeant.pk]), "materials": pdf()}
    )

    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.hours == Decimal("1.5") and list(session.trainers.all()) == [sergeant]
    detail = client.get(response["Location"]).content.decode()
    assert "Peer-led" in detail and "handout.pdf" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "0"}, "A session lasts at least 0.25 hours (15 minutes)."),
        ({"hours": "99"}, "A session on one day lasts at most 12 hours."),
        ({"hours": "two"}, "Enter a number."),
        ({"topics": []}, "Choose at least one topic the session covers."),
        ({"trainers": []}, "Name at least one trainer: a peer trainer or an outside trainer."),
    ],
)
def test_bad_session_input_is_shown_beside_the_field(client, coordinator, harm_reduction, overrides, message):
    client.force_login(coordinator)

    response = client.post(reverse("training:session_create"), session_post(harm_reduction, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_wrong_or_large_file_is_refused_with_a_message(client, coordinator, harm_reduction, settings):
    settings.LEAD_TRAINING_MATERIAL_MAX_MB = 1
    client.force_login(coordinator)
    data = session_post(harm_reduction, outside_trainers="Educator")

    wrong = client.post(
        reverse("training:session_create"), {**data, "materials": png("slides.pdf", content_type="application/pdf")}
    )
    large = client.post(reverse("training:session_create"), {**data, "materials": pdf(size_padding=2 * 1024 * 1024)})

    assert "does not look like a PDF" in wrong.content.decode()
    assert "the limit is 1.0\xa0MB" in large.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_is_changed_and_its_materials_removed(client, coordinator, harm_reduction):
    session = services.training_session_create(
        title="Old",
        held_on=days_ago(3),
        topics=[harm_reduction],
        hours=Decimal("2"),
        place="Room",
        outside_trainers="Educator",
        materials=pdf(),
        actor=coordinator,
    )
    client.force_login(coordinator)
    assert (
        "Remove the current materials file"
        in client.get(reverse("training:session_edit", args=[session.pk])).content.decode()
    )

    client.post(
        reverse("training:session_edit", args=[session.pk]),
        session_post(harm_reduction, title="New", outside_trainers="Educator", remove_materials="on"),
    )

    session.refresh_from_db()
    assert (session.title, session.materials_name, bool(session.materials)) == ("New", "", False)


@pytest.mark.parametrize("sessions", [1, 30])
def test_the_session_list_takes_the_same_queries_however_many(
    client, coordinator, harm_reduction, sergeant, sessions, django_assert_num_queries
):
    PeerTrainerFactory(user=sergeant)
    for _ in range(sessions):
        TrainingSessionFactory(topics=[harm_reduction]).trainers.add(sergeant)
    client.force_login(coordinator)

    # session, user, roles, unread notifications; filter's topics; count; page of sessions;
    # their topics; their trainers
    with django_assert_num_queries(9):
        response = client.get(reverse("training:session_list"))

    assert response.context["page"].paginator.count == sessions


def test_sessions_are_filtered(client, coordinator, harm_reduction, protocol_topic):
    TrainingSessionFactory(title="Harm", topics=[harm_reduction])
    TrainingSessionFactory(title="Protocol", topics=[protocol_topic], outside_trainers="")
    client.force_login(coordinator)

    by_topic = client.get(reverse("training:session_list"), {"topic": protocol_topic.pk}).context["page"]
    by_text = client.get(reverse("training:session_list"), {"q": "harm"}).context["page"]

    assert [s.title for s in by_topic] == ["Protocol"]
    assert [s.title for s in by_text] == ["Harm"]


def test_a_session_without_a_roster_is_deleted(client, coordinator, session):
    client.force_login(coordinator)

    response = client.post(reverse("training:session_delete", args=[session.pk]), follow=True)

    assert "deleted" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_with_a_roster_is_not_deleted(client, coordinator, officer, session):
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    client.force_login(coordinator)

    response = client.post(reverse("training:session_delete", args=[session.pk]), follow=True)

    assert "remove them first" in response.content.decode()
    assert TrainingSession.objects.exists()


# --- Attendance -----------------------------------------------------------------------------------


def test_the_coordinator_ticks_attendees_from_the_checklist(client, coordinator, officer, sergeant, session):
    client.force_login(coordinator)
    checklist = client.get(reverse("training:attendance", args=[session.pk])).content.decode()
    assert officer.display_name in checklist and officer.unit.name in checklist

    response = client.post(reverse("training:attendance", args=[session.pk]), {"attendees": [officer.pk, sergeant.pk]})

    assert response.status_code == 302
    assert set(session.attendances.values_list("attendee_id", flat=True)) == {officer.pk, sergeant.pk}
    assert TrainingRecord.objects.filter(person=officer, completed_on=session.held_on).exists()
    roster = client.get(response["Location"]).content.decode()
    assert "Roster (2)" in roster
    assert AuditEvent.objects.filter(action="list", summary=f"Roster of training session {session.pk}").exists()


def test_someone_already_on_the_roster_is_refused_and_nothing_is_saved(client, coordinator, officer, sergeant, session):
    AttendanceFactory(session=session, attendee=officer)
    client.force_login(coordinator)

    response = client.post(reverse("training:attendance", args=[session.pk]), {"attendees": [sergeant.pk, officer.pk]})

    assert response.status_code == 200
    assert f"{officer.display_name} is already on the roster." in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert list(session.attendances.values_list("attendee_id", flat=True)) == [officer.pk]


def test_a_future_session_takes_no_attendance(client, coordinator, officer, harm_reduction):
    future = TrainingSessionFactory(topics=[harm_reduction], held_on=days_ago(-3))
    client.force_login(coordinator)

    page_text = client.get(reverse("training:attendance", args=[future.pk])).content.decode()
    response = client.post(reverse("training:attendance", args=[future.pk]), {"attendees": [officer.pk]})

    assert "attendance can be recorded from that day on" in page_text
    assert "attendance can be recorded from that day on" in response.content.decode()
    assert not future.attendances.exists()


def test_an_attendee_is_removed_with_their_records(client, coordinator, officer, session):
    (attendance,) = services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    client.force_login(coordinator)

    client.post(reverse("training:attendance_remove", args=[session.pk, attendance.pk]))

    assert not session.attendances.exists() and not TrainingRecord.objects.exists()


# --- Materials -------------------------------------------------------------------------------------


@pytest.fixture
def session_with_materials(coordinator, harm_reduction):
    return services.training_session_create(
        title="With handout",
        held_on=days_ago(3),
        topics=[harm_reduction],
        hours=Decimal("1"),
        place="Room",
        outside_trainers="Educator",
        materials=pdf(),
        actor=coordinator,
    )


def test_materials_download_for_coordinators_and_attendees_only(
    client, coordinator, officer, make_user, session_with_materials
):
    AttendanceFactory(session=session_with_materials, attendee=officer)
    url = reverse("training:session_materials", args=[session_with_materials.pk])

    for allowed in (coordinator, officer):
        response = page(client, allowed, url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="handout.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert page(client, make_user(Role.OFFICER), url).status_code == 403


def test_a_session_without_materials_has_none_to_download(client, coordinator, session):
    assert page(client, coordinator, reverse("training:session_materials", args=[session.pk])).status_code == 404


# --- Compliance ------------------------------------------------------------------------------------


def test_compliance_pages_record_who_was_shown(client, coordinator, officer, sergeant, harm_reduction):
    client.force_login(coordinator)

    client.get(reverse("training:compliance"))
    client.get(reverse("training:unit_compliance", args=[officer.unit.pk]))
    client.get(reverse("training:rollout"))

    events = AuditEvent.objects.filter(action="list", object_type="accounts.user").order_by("id")
    assert [e.summary for e in events] == [
        "Training compliance by unit and role",
        f"Training compliance of unit {officer.unit.pk}",
        "Training roll-out by unit",
    ]
    assert all(set(e.id_list) == {str(officer.pk), str(sergeant.pk)} for e in events)


def test_a_sergeant_sees_their_units_only(client, sergeant, officer, make_user, harm_reduction):
    other_unit = UnitFactory(name="Elsewhere")
    make_user(Role.OFFICER, unit=other_unit)
    client.force_login(sergeant)

    matrix = client.get(reverse("training:compliance")).content.decode()
    mine = client.get(reverse("training:unit_compliance", args=[officer.unit.pk]))
    theirs = client.get(reverse("training:unit_compliance", args=[other_unit.pk]))

    assert officer.unit.name in matrix and "Elsewhere" not in matrix
    assert mine.status_code == 200 and officer.display_name in mine.content.decode()
    assert theirs.status_code == 404


@pytest.mark.parametrize("officers", [1, 15])
@pytest.mark.parametrize(
    ("url_name", "queries"),
    [("training:compliance", 13), ("training:unit_compliance", 13), ("training:rollout", 13)],
)
def test_compliance_pages_take_the_same_queries_however_many_people(
    client, coordinator, make_user, harm_reduction, officers, url_name, queries, django_assert_num_queries
):
    published_protocol()
    unit = UnitFactory()
    unit.supervisors.add(make_user(Role.SERGEANT))
    for _ in range(officers):
        TrainingRecordFactory(person=make_user(Role.OFFICER, unit=unit), topic=harm_reduction)
    url = reverse(url_name, args=[unit.pk] if url_name == "training:unit_compliance" else [])
    client.force_login(coordinator)

    # session, user, roles, unread notifications; units, supervision, people, their roles,
    # requirements, completions, protocol version, acknowledgements; the audit event of who
    # was shown
    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


# --- Topics, peer trainers --------------------------------------------------------------------------


def test_a_coordinator_adds_and_changes_a_topic(client, coordinator):
    client.force_login(coordinator)

    client.post(
        reverse("training:topic_create"),
        {
            "name": "Naloxone",
            "code": "naloxone",
            "refresher_months": "12",
            "required_roles": [Role.OFFICER],
            "is_active": "on",
        },
    )
    topic = Topic.objects.get(code="naloxone")
    response = client.post(
        reverse("training:topic_edit", args=[topic.pk]),
        {"name": "Naloxone", "code": "naloxone", "refresher_months": "", "required_roles": [], "is_active": ""},
    )

    topic.refresh_from_db()
    assert response.status_code == 302
    assert (topic.refresher_months, topic.is_active, topic.requirements.count()) == (None, False, 0)


def test_a_bad_topic_is_refused_beside_the_field(client, coordinator, harm_reduction):
    client.force_login(coordinator)

    response = client.post(
        reverse("training:topic_create"), {"name": "Harm reduction", "code": "hr2", "refresher_months": "0"}
    )

    content = response.content.decode()
    assert "Topic with this Name already exists." in content
    assert "Ensure this value is greater than or equal to 1." in content


@pytest.mark.parametrize("how_many", [1, 12])
def test_the_topic_list_takes_the_same_queries_however_many(client, coordinator, how_many, django_assert_num_queries):
    for _ in range(how_many):
        TopicFactory(roles=[Role.OFFICER])
    client.force_login(coordinator)

    with django_assert_num_queries(6):  # session, user, roles, unread, topics with record counts, requirements
        client.get(reverse("training:topic_list"))


def test_a_coordinator_flags_and_stops_a_peer_trainer(client, coordinator, officer, case_manager):
    client.force_login(coordinator)
    form_page = client.get(reverse("training:trainer_list")).content.decode()
    assert officer.display_name in form_page and case_manager.display_name not in form_page

    client.post(reverse("training:trainer_list"), {"user": officer.pk, "note": "Social contact"})
    trainer = PeerTrainer.objects.get(user=officer)
    client.post(reverse("training:trainer_retire", args=[trainer.pk]))

    trainer.refresh_from_db()
    assert not trainer.is_active


@pytest.mark.parametrize("how_many", [1, 10])
def test_the_trainer_list_takes_the_same_queries_however_many(
    client, coordinator, make_user, how_many, django_assert_num_queries
):
    for _ in range(how_many):
        PeerTrainerFactory(user=make_user(Role.OFFICER, unit=UnitFactory()))
    client.force_login(coordinator)

    with django_assert_num_queries(6):  # session, user, roles, unread, trainers with sessions led, candidates
        client.get(reverse("training:trainer_list"))


# --- Import ---------------------------------------------------------------------------------------


def csv_upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("historic.csv", text.encode(), content_type="text/csv")


def test_an_import_is_previewed_then_applied(client, coordinator, make_user, harm_reduction):
    person = make_user(Role.OFFICER, badge_number="4471")
    client.force_login(coordinator)

    response = client.post(
        reverse("training:import_upload"),
        {"file": csv_upload("badge_number,topic,completed_on\n4471,harm-reduction,2025-01-31\n")},
    )
    record_import = RecordImport.objects.get()
    assert response["Location"] == record_import.get_absolute_url()
    preview = client.get(response["Location"]).content.decode()
    assert "1 ready to import" in preview and "Import 1 record" in preview
    assert not TrainingRecord.objects.exists()

    applied = client.post(reverse("training:import_apply", args=[record_import.pk]), follow=True).content.decode()

    assert "Imported 1 training record." in applied
    assert TrainingRecord.objects.get().person == person


def test_an_import_with_errors_cannot_be_applied(client, coordinator, harm_reduction):
    client.force_login(coordinator)
    client.post(
        reverse("training:import_upload"),
        {"file": csv_upload("badge_number,topic,completed_on\n0000,harm-reduction,2025-01-31\n")},
    )
    record_import = RecordImport.objects.get()

    preview = client.get(record_import.get_absolute_url()).content.decode()
    applied = client.post(reverse("training:import_apply", args=[record_import.pk]), follow=True).content.decode()

    assert "Nobody has badge number 0000." in preview and "Nothing can be imported" in preview
    assert "Import 1 record" not in preview
    assert "1 row has errors, so nothing was imported" in applied


def test_a_wrong_file_is_refused_beside_the_field(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)

    response = client.post(
        reverse("training:import_upload"),
        {"file": SimpleUploadedFile("records.xlsx", b"PK\x03\x04", content_type="application/vnd.ms-excel")},
    )

    assert "is not a CSV file" in response.content.decode()
    assert not RecordImport.objects.exists()


def test_the_same_file_again_has_nothing_to_import(client, coordinator, make_user, harm_reduction):
    make_user(Role.OFFICER, badge_number="4471")
    text = "badge_number,topic,completed_on\n4471,harm-reduction,2025-01-31\n"
    client.force_login(coordinator)
    client.post(reverse("training:import_upload"), {"file": csv_upload(text)})
    client.post(reverse("training:import_apply", args=[RecordImport.objects.get().pk]))

    response = client.post(reverse("training:import_upload"), {"file": csv_upload(text)}, follow=True)

    content = response.content.decode()
    assert "Nothing to import: every row is already on record." in content
    assert "The same file was imported on" in content
    assert TrainingRecord.objects.count() == 1


@pytest.mark.parametrize("people", [1, 20])
def test_the_checklist_and_roster_take_the_same_queries_however_many_people(
    client, coordinator, make_user, session, people, django_assert_num_queries
):
    units = [UnitFactory(), UnitFactory()]
    for index in range(people):
        person = make_user(Role.OFFICER, unit=units[index % 2])
        AttendanceFactory(session=session, attendee=person)
    units[0].supervisors.add(make_user(Role.SERGEANT))
    client.force_login(coordinator)

    # session, user, roles, unread; the session with counts, its topics, its trainers; those
    # on the roster; everyone with a role, their supervised units, their roles; the audit event
    with django_assert_num_queries(12):
        client.get(reverse("training:attendance", args=[session.pk]))
    # session, user, roles, unread; the session, topics, trainers; the roster; the audit event
    with django_assert_num_queries(9):
        client.get(reverse("training:session_detail", args=[session.pk]))
