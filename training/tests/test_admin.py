"""The admin writes through the services, like the training pages."""

import pytest
from django.urls import reverse

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from training.models import PeerTrainer, TrainingRecord

from .factories import AttendanceFactory, TrainingRecordFactory, TrainingSessionFactory, days_ago, published_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_every_training_admin_page_opens(admin_client, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    record = TrainingRecordFactory(person=officer, topic=harm_reduction)
    for name in [
        "topic",
        "peertrainer",
        "trainingsession",
        "trainingrecord",
        "protocolacknowledgement",
        "recordimport",
        "trainingreminder",
    ]:
        assert admin_client.get(reverse(f"admin:training_{name}_changelist")).status_code == 200, name
    assert admin_client.get(reverse("admin:training_trainingsession_change", args=[session.pk])).status_code == 200
    assert admin_client.get(reverse("admin:training_trainingrecord_change", args=[record.pk])).status_code == 200
    assert admin_client.get(reverse("admin:training_topic_change", args=[harm_reduction.pk])).status_code == 200


def test_a_record_added_in_the_admin_gets_its_expiry_and_an_audit_event(
    admin_client, administrator, officer, harm_reduction
):
    response = admin_client.post(
        reverse("admin:training_trainingrecord_add"),
        {"person": officer.pk, "topic": harm_reduction.pk, "completed_on": "2024-01-31", "note": "Paper record"},
    )

    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (str(record.expires_on), record.source) == ("2026-01-31", "manual")
    assert AuditEvent.objects.filter(
        action="create", object_type="training.trainingrecord", actor=administrator
    ).exists()


def test_a_future_record_is_refused_in_the_admin(admin_client, officer, harm_reduction):
    response = admin_client.post(
        reverse("admin:training_trainingrecord_add"),
        {"person": officer.pk, "topic": harm_reduction.pk, "completed_on": days_ago(-3).isoformat()},
    )

    assert "A completion date cannot be in the future." in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_sessions_record_is_read_only_in_the_admin(admin_client, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    attendance = AttendanceFactory(session=session, attendee=officer)
    record = TrainingRecordFactory(person=officer, topic=harm_reduction, attendance=attendance, source="session")

    page = admin_client.get(reverse("admin:training_trainingrecord_change", args=[record.pk])).content.decode()

    assert 'name="_save"' not in page
    assert admin_client.post(reverse("admin:training_trainingrecord_delete", args=[record.pk])).status_code == 403


def test_a_topic_saved_in_the_admin_keeps_its_requirements(admin_client, harm_reduction):
    admin_client.post(
        reverse("admin:training_topic_change", args=[harm_reduction.pk]),
        {
            "name": "Harm reduction",
            "code": "harm-reduction",
            "description": "",
            "refresher_months": "36",
            "is_active": "on",
            "required_roles": [Role.OFFICER, Role.SERGEANT],
        },
    )

    harm_reduction.refresh_from_db()
    assert harm_reduction.refresher_months == 36
    assert set(harm_reduction.requirements.values_list("role", flat=True)) == {Role.OFFICER, Role.SERGEANT}


def test_a_peer_trainer_is_flagged_and_stopped_in_the_admin(admin_client, officer):
    admin_client.post(reverse("admin:training_peertrainer_add"), {"user": officer.pk, "note": "Protocol"})
    trainer = PeerTrainer.objects.get(user=officer)

    admin_client.post(
        reverse("admin:training_peertrainer_changelist"), {"action": "retire", "_selected_action": [trainer.pk]}
    )

    trainer.refresh_from_db()
    assert not trainer.is_active


def test_sessions_are_not_added_and_rostered_sessions_not_deleted_in_the_admin(admin_client, officer, harm_reduction):
    session = TrainingSessionFactory(topics=[harm_reduction])
    AttendanceFactory(session=session, attendee=officer)

    assert admin_client.get(reverse("admin:training_trainingsession_add")).status_code == 403
    assert admin_client.post(reverse("admin:training_trainingsession_delete", args=[session.pk])).status_code == 403


def test_acknowledgements_are_only_looked_at(admin_client, officer):
    from training.models import ProtocolAcknowledgement

    acknowledgement = ProtocolAcknowledgement.objects.create(user=officer, version=published_protocol())

    page = admin_client.get(reverse("admin:training_protocolacknowledgement_change", args=[acknowledgement.pk]))

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert AuditEvent.objects.filter(action="view", object_type="training.protocolacknowledgement").exists()
