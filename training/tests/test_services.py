import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.services import protocol_version_draft
from training import services
from training.models import (
    Attendance,
    PeerTrainer,
    ProtocolAcknowledgement,
    Topic,
    TrainingRecord,
    TrainingSession,
)

from .factories import (
    PeerTrainerFactory,
    TrainingRecordFactory,
    TrainingSessionFactory,
    days_ago,
    published_protocol,
)
from .files import pdf, png

pytestmark = pytest.mark.django_db


def session_fields(topics, **overrides):
    fields = {
        "title": "Harm reduction for North Bike Squad",
        "held_on": days_ago(3),
        "topics": topics,
        "hours": Decimal("1.5"),
        "place": "North Precinct",
        "outside_trainers": "Outreach educator",
    }
    return {**fields, **overrides}


# --- Topics ---------------------------------------------------------------------------


def test_topic_create_sets_its_requirements_and_is_audited(coordinator):
    topic = services.topic_create(
        code="naloxone", name="Naloxone", refresher_months=12, required_roles=[Role.OFFICER], actor=coordinator
    )

    assert list(topic.requirements.values_list("role", flat=True)) == [Role.OFFICER]
    assert AuditEvent.objects.filter(action="create", object_type="training.topic", actor=coordinator).exists()


def test_topic_create_refuses_a_duplicate_name_or_code(coordinator, harm_reduction):
    with pytest.raises(ValidationError) as error:
        services.topic_create(code="harm-reduction", name="Harm reduction", refresher_months=24, actor=coordinator)

    assert set(error.value.message_dict) == {"code", "name"}


def test_topic_create_refuses_an_absurd_refresher_interval(coordinator):
    with pytest.raises(ValidationError) as error:
        services.topic_create(code="x", name="X", refresher_months=600, actor=coordinator)

    assert "refresher_months" in error.value.message_dict
    assert not Topic.objects.exists()


def test_a_new_refresher_interval_recomputes_every_expiry(coordinator, officer, harm_reduction):
    record = TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=datetime.date(2024, 1, 31))

    services.topic_update(
        topic=harm_reduction,
        code="harm-reduction",
        name="Harm reduction",
        refresher_months=1,
        required_roles=[Role.OFFICER, Role.SERGEANT],
        actor=coordinator,
    )

    record.refresh_from_db()
    assert record.expires_on == datetime.date(2024, 2, 29)
    assert set(harm_reduction.requirements.values_list("role", flat=True)) == {Role.OFFICER, Role.SERGEANT}


# --- Peer trainers -----------------------------------------------------------------------


def test_officers_and_sergeants_can_be_flagged_as_peer_trainers(coordinator, officer, sergeant):
    services.peer_trainer_flag(user=officer, note="Social contact", actor=coordinator)
    services.peer_trainer_flag(user=sergeant, actor=coordinator)

    assert PeerTrainer.objects.filter(is_active=True).count() == 2


def test_other_roles_cannot_be_peer_trainers(coordinator, case_manager):
    with pytest.raises(ValidationError) as error:
        services.peer_trainer_flag(user=case_manager, actor=coordinator)

    assert error.value.message_dict["user"] == ["Only officers and sergeants can be peer trainers."]


def test_a_peer_trainer_is_flagged_once_and_can_stop_and_restart(coordinator, officer):
    trainer = services.peer_trainer_flag(user=officer, actor=coordinator)
    with pytest.raises(ValidationError, match="already a peer trainer"):
        services.peer_trainer_flag(user=officer, actor=coordinator)

    services.peer_trainer_retire(trainer=trainer, actor=coordinator)
    again = services.peer_trainer_flag(user=officer, actor=coordinator)

    assert again.pk == trainer.pk and again.is_active


# --- Sessions ------------------------------------------------------------------------------


def test_a_peer_led_session_with_materials(coordinator, sergeant, harm_reduction):
    PeerTrainerFactory(user=sergeant)

    session = services.training_session_create(
        **session_fields([harm_reduction]), trainers=[sergeant], materials=pdf(), actor=coordinator
    )

    assert list(session.trainers.all()) == [sergeant]
    assert session.materials_name == "handout.pdf"
    assert session.materials_content_type == "application/pdf"
    assert session.materials.name.startswith("training/materials/")
    assert AuditEvent.objects.filter(object_type="training.trainingsession", action="create").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours": Decimal("0")}, "hours", "at least 0.25 hours"),
        ({"hours": Decimal("40")}, "hours", "at most 12 hours"),
        ({"topics": []}, "topics", "Choose at least one topic"),
        ({"outside_trainers": ""}, "trainers", "Name at least one trainer"),
        ({"held_on": days_ago(-400)}, "held_on", "up to a year ahead"),
        ({"title": "  "}, "title", "cannot be blank"),
    ],
)
def test_bad_sessions_are_refused_beside_the_field_and_nothing_is_saved(
    coordinator, harm_reduction, overrides, field, message
):
    fields = session_fields([harm_reduction]) | overrides
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        services.training_session_create(**fields, actor=coordinator)

    assert any(message in text for text in error.value.message_dict[field])
    assert not TrainingSession.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_only_flagged_peer_trainers_can_lead(coordinator, officer, harm_reduction):
    with pytest.raises(ValidationError) as error:
        services.training_session_create(**session_fields([harm_reduction]), trainers=[officer], actor=coordinator)

    assert error.value.message_dict["trainers"] == [f"Not flagged as a peer trainer: {officer.display_name}."]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (png("handout.pdf", content_type="application/pdf"), "does not look like a PDF"),
        (pdf("handout.exe"), "not an accepted file type"),
    ],
)
def test_bad_materials_refuse_the_whole_session(coordinator, harm_reduction, upload, message, settings):
    with pytest.raises(ValidationError) as error:
        services.training_session_create(**session_fields([harm_reduction]), materials=upload, actor=coordinator)

    assert message in error.value.message_dict["materials"][0]
    assert not TrainingSession.objects.exists()
    assert not (settings.MEDIA_ROOT / "training").exists()


def test_a_file_written_before_a_failure_is_removed(coordinator, harm_reduction, settings, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr("training.services.sessions.audit.record", fail)

    with pytest.raises(RuntimeError):
        services.training_session_create(**session_fields([harm_reduction]), materials=pdf(), actor=coordinator)

    assert not TrainingSession.objects.exists()
    assert list((settings.MEDIA_ROOT / "training" / "materials").iterdir()) == []


def test_changing_a_sessions_date_and_topics_moves_its_records(coordinator, officer, harm_reduction, protocol_topic):
    session = services.training_session_create(**session_fields([harm_reduction]), actor=coordinator)
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    services.training_session_update(
        session=session, **session_fields([protocol_topic], held_on=days_ago(10)), actor=coordinator
    )

    record = TrainingRecord.objects.get(person=officer)
    assert (record.topic, record.completed_on) == (protocol_topic, days_ago(10))
    assert record.expires_on == protocol_topic.expiry_for(days_ago(10))


def test_a_session_with_a_roster_cannot_move_into_the_future(coordinator, officer, harm_reduction):
    session = services.training_session_create(**session_fields([harm_reduction]), actor=coordinator)
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    with pytest.raises(ValidationError) as error:
        services.training_session_update(
            session=session, **session_fields([harm_reduction], held_on=days_ago(-5)), actor=coordinator
        )

    assert "cannot move to a future date" in error.value.message_dict["held_on"][0]
    session.refresh_from_db()
    assert session.held_on == days_ago(3)


def test_a_retired_trainer_stays_on_the_sessions_they_led(coordinator, sergeant, harm_reduction):
    trainer = PeerTrainerFactory(user=sergeant)
    session = services.training_session_create(
        **session_fields([harm_reduction]), trainers=[sergeant], actor=coordinator
    )
    services.peer_trainer_retire(trainer=trainer, actor=coordinator)

    services.training_session_update(
        session=session, **session_fields([harm_reduction], title="Renamed"), trainers=[sergeant], actor=coordinator
    )

    assert list(session.trainers.all()) == [sergeant]


def test_replacing_materials_removes_the_old_file_after_commit(
    coordinator, harm_reduction, django_capture_on_commit_callbacks
):
    session = services.training_session_create(**session_fields([harm_reduction]), materials=pdf(), actor=coordinator)
    old = session.materials.path

    with django_capture_on_commit_callbacks(execute=True):
        services.training_session_update(
            session=session, **session_fields([harm_reduction]), materials=png(), actor=coordinator
        )

    session.refresh_from_db()
    assert session.materials_name == "slide.png"
    assert not Path(old).exists()


def test_a_session_is_deleted_only_without_a_roster(coordinator, officer, harm_reduction):
    session = services.training_session_create(**session_fields([harm_reduction]), actor=coordinator)
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    with pytest.raises(ValidationError, match="remove them first"):
        services.training_session_delete(session=session, actor=coordinator)
    Attendance.objects.get().delete()
    services.training_session_delete(session=session, actor=coordinator)

    assert not TrainingSession.objects.exists()


# --- Attendance -----------------------------------------------------------------------------


def test_attendance_gives_a_record_per_topic_expiring_by_its_interval(
    coordinator, officer, sergeant, harm_reduction, protocol_topic
):
    session = TrainingSessionFactory(topics=[harm_reduction, protocol_topic], held_on=datetime.date(2024, 1, 31))

    services.attendance_record(session=session, attendees=[officer, sergeant], actor=coordinator)

    records = TrainingRecord.objects.filter(person=officer).order_by("topic__name")
    assert [(r.topic.code, r.completed_on, r.expires_on) for r in records] == [
        ("harm-reduction", datetime.date(2024, 1, 31), datetime.date(2026, 1, 31)),
        ("lead-protocol", datetime.date(2024, 1, 31), datetime.date(2025, 1, 31)),
    ]
    assert TrainingRecord.objects.filter(person=sergeant, source="session").count() == 2
    event = AuditEvent.objects.get(summary=f"Attendance recorded for training session {session.pk}")
    assert event.id_list == sorted([str(officer.pk), str(sergeant.pk)])


def test_a_future_session_cannot_be_marked_attended(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction], held_on=days_ago(-1))

    with pytest.raises(ValidationError) as error:
        services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    assert "in the future: attendance can be recorded from that day on" in error.value.messages[0]
    assert not Attendance.objects.exists() and not TrainingRecord.objects.exists()


def test_attendance_today_is_allowed(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction], held_on=days_ago(0))

    services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    assert TrainingRecord.objects.get().completed_on == days_ago(0)


def test_nobody_is_entered_twice_and_nothing_is_half_saved(coordinator, officer, sergeant, make_user, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    newcomer = make_user(Role.OFFICER)

    with pytest.raises(ValidationError) as error:
        services.attendance_record(session=session, attendees=[newcomer, officer], actor=coordinator)
    assert error.value.messages == [f"{officer.display_name} is already on the roster."]

    with pytest.raises(ValidationError) as error:
        services.attendance_record(session=session, attendees=[sergeant, newcomer, sergeant], actor=coordinator)
    assert error.value.messages == [f"{sergeant.display_name} is listed twice."]

    assert list(session.attendances.values_list("attendee_id", flat=True)) == [officer.pk]
    assert TrainingRecord.objects.count() == 1


def test_deactivated_accounts_and_empty_rosters_are_refused(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    officer.is_active = False
    officer.save()

    with pytest.raises(ValidationError, match="deactivated"):
        services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    with pytest.raises(ValidationError, match="Tick at least one person"):
        services.attendance_record(session=session, attendees=[], actor=coordinator)


def test_an_imported_completion_on_the_same_day_is_not_recorded_twice(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=session.held_on, source="import")

    services.attendance_record(session=session, attendees=[officer], actor=coordinator)

    assert TrainingRecord.objects.filter(person=officer).count() == 1
    assert session.attendances.count() == 1


def test_removing_an_attendee_removes_the_records_the_session_gave(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    (attendance,) = services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    kept = TrainingRecordFactory(person=officer, topic=harm_reduction, completed_on=days_ago(400))

    services.attendance_remove(attendance=attendance, actor=coordinator)

    assert list(TrainingRecord.objects.all()) == [kept]
    assert AuditEvent.objects.filter(action="delete", summary__startswith="Removed from the roster").exists()


# --- Records ----------------------------------------------------------------------------------


def test_a_manual_record_cannot_be_in_the_future(administrator, officer, harm_reduction):
    with pytest.raises(ValidationError) as error:
        services.training_record_create(
            person=officer, topic=harm_reduction, completed_on=days_ago(-1), actor=administrator
        )

    assert error.value.message_dict["completed_on"] == ["A completion date cannot be in the future."]


def test_the_same_completion_cannot_be_recorded_twice(administrator, officer, harm_reduction):
    services.training_record_create(person=officer, topic=harm_reduction, completed_on=days_ago(5), actor=administrator)

    with pytest.raises(ValidationError, match="already recorded"):
        services.training_record_create(
            person=officer, topic=harm_reduction, completed_on=days_ago(5), actor=administrator
        )


def test_correcting_a_record_recomputes_its_expiry(administrator, officer, harm_reduction):
    record = services.training_record_create(
        person=officer, topic=harm_reduction, completed_on=datetime.date(2024, 2, 29), actor=administrator
    )

    services.training_record_update(record=record, completed_on=datetime.date(2024, 3, 31), actor=administrator)

    record.refresh_from_db()
    assert record.expires_on == datetime.date(2026, 3, 31)


def test_a_sessions_records_are_changed_through_the_session(coordinator, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    services.attendance_record(session=session, attendees=[officer], actor=coordinator)
    record = TrainingRecord.objects.get()

    with pytest.raises(ValidationError, match="change the session instead"):
        services.training_record_update(record=record, completed_on=days_ago(9), actor=coordinator)
    with pytest.raises(ValidationError, match="remove the person from it instead"):
        services.training_record_delete(record=record, actor=coordinator)


# --- Protocol acknowledgements -------------------------------------------------------------------


def test_an_officer_acknowledges_a_published_version_once(officer):
    version = published_protocol()

    first = services.protocol_acknowledgement_record(user=officer, version=version)
    second = services.protocol_acknowledgement_record(user=officer, version=version)

    assert first == second
    assert ProtocolAcknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="training.protocolacknowledgement").count() == 1


def test_only_police_acknowledge_and_only_published_versions(officer, case_manager):
    with pytest.raises(ValidationError, match="Only officers and sergeants"):
        services.protocol_acknowledgement_record(user=case_manager, version=published_protocol())
    draft = protocol_version_draft(title="Draft", text="...")
    with pytest.raises(ValidationError, match="is a draft"):
        services.protocol_acknowledgement_record(user=officer, version=draft)
