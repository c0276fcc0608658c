import pytest

from lead_ops.accounts.models import Agency, Precinct, Unit

from .factories import make_provider
from .identity_provider import identity_provider

SLUGS = ["metro", "county"]


@pytest.fixture(scope="module")
def idp_process():
    with identity_provider(site_urls=["http://testserver"], slugs=SLUGS) as running:
        yield running


@pytest.fixture
def idp(idp_process):
    idp_process.mode()  # genuine, no delay: whatever the last test asked of it
    yield idp_process
    idp_process.mode()


@pytest.fixture(autouse=True)
def _fresh_provider_state(settings):
    # Each test starts with a genuine provider and no cached discovery document.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def metro(db):
    agency = Agency.objects.create(name="Metro Police", kind=Agency.Kind.POLICE)
    precinct = Precinct.objects.create(agency=agency, name="North", code="N")
    Unit.objects.create(name="North proactive", kind=Unit.Kind.PROACTIVE, precinct=precinct)
    return agency


@pytest.fixture
def metro_provider(metro, idp):
    return make_provider(metro, idp.issuer)
