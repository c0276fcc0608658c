"""schemathesis against the live schema: every operation, generated inputs
(valid and not), with a real token of every scope. No 500, and every answer
conforms to the schema: status, content type, headers and body."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from api.scopes import SCOPES
from api.services import integration_client_create

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

# Input the schema allows can still be refused for what only the server knows (an
# unknown badge number, another agency's format): a 400 or 422 with problem details.
EXCLUDED = [check for check in CHECKS.get_all() if check.__name__ == "positive_data_acceptance"]


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes the database connection after each request; the
    test's transaction must survive (Django's own test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, lead_protocol, officer, in_test_transaction):
    from datetime import timedelta

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    officer.badge_number = "B1001"
    officer.save(update_fields=["badge_number"])
    client, _ = integration_client_create(
        name="Schema RMS", agency=officer.unit.precinct.agency, scopes=list(SCOPES), requests_per_minute=100000
    )
    token = AccessToken.objects.create(
        application=client.application,
        token="schema-token",
        scope=" ".join(SCOPES),
        expires=timezone.now() + timedelta(hours=1),
    )
    return token.token


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_and_never_fails(case, bearer):
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer}"}, excluded_checks=EXCLUDED)
