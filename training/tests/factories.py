import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from training.models import Attendance, PeerTrainer, Topic, TopicRequirement, TrainingRecord, TrainingSession


class TopicFactory(factory.django.DjangoModelFactory):
    """TopicFactory(roles=[Role.OFFICER]) makes it required of officers."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Topic {n}")
    code = factory.Sequence(lambda n: f"topic-{n}")
    refresher_months = 24

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            TopicRequirement.objects.create(topic=self, role=role)


class PeerTrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerTrainer


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Session {n}")
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    hours = Decimal("2")
    place = "Roll-call room"
    outside_trainers = "Outreach educator"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    """A completion; the expiry follows the topic's interval like the services'."""

    class Meta:
        model = TrainingRecord

    topic = factory.SubFactory(TopicFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    expires_on = factory.LazyAttribute(lambda record: record.topic.expiry_for(record.completed_on))
    source = TrainingRecord.Source.MANUAL


def published_protocol(*, number_title="Protocol", effective_from=None):
    version = protocol_version_draft(title=number_title, text="1. Purpose.\n2. Routes.")
    return protocol_version_publish(
        version=version, effective_from=effective_from or timezone.localdate() - datetime.timedelta(days=10)
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
