import pytest


@pytest.fixture
def police_agency(officer, lead_protocol):
    return officer.unit.precinct.agency


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """Run what commits would run: the events published inside, and the deliveries they queue."""
    return django_capture_on_commit_callbacks
