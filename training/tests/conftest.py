import pytest

from lead_ops.accounts.roles import Role
from training.models import Topic


@pytest.fixture(autouse=True)
def _own_catalogue(request):
    """Each test builds the topics it needs: the six that migration 0002 seeds
    would otherwise be required of every officer and sergeant made here.
    Only for tests that use the database (pytest-django orders tests by that),
    and through the database fixture they use: a worker test needs real commits."""
    names = set(request.fixturenames)
    transactional = "transactional_db" in names or request.node.get_closest_marker("celery_worker")
    if not (transactional or "db" in names or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    Topic.objects.all().delete()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded_catalogue():
    """The catalogue exactly as migration 0002 leaves it."""
    from importlib import import_module

    from django.apps import apps

    import_module("training.migrations.0002_seed_topics_and_requirements").seed_topics(apps)
    return {topic.code: topic for topic in Topic.objects.all()}


@pytest.fixture
def harm_reduction():
    from .factories import TopicFactory

    return TopicFactory(name="Harm reduction", code="harm-reduction", refresher_months=24, roles=[Role.OFFICER])


@pytest.fixture
def protocol_topic():
    from .factories import TopicFactory

    return TopicFactory(
        name="LEAD protocol", code="lead-protocol", refresher_months=12, roles=[Role.OFFICER, Role.SERGEANT]
    )
