import base64

import pytest

from api import scopes
from api.services import integration_client_create
from lead_ops.accounts.tests.factories import PoliceAgencyFactory


class Caller:
    """An integration client calling the API as a partner system would: it gets
    a token from the token endpoint with its id and secret, then sends it."""

    def __init__(self, client, http, secret):
        self.client, self.http, self.secret = client, http, secret
        self.token = None

    def get_token(self, scope: str | None = None):
        credentials = base64.b64encode(f"{self.client.application.client_id}:{self.secret}".encode()).decode()
        data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
        response = self.http.post("/api/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {credentials}")
        if response.status_code == 200:
            self.token = response.json()["access_token"]
        return response

    def _auth(self):
        if self.token is None:
            assert self.get_token().status_code == 200
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}

    def get(self, path, data=None):
        return self.http.get(path, data, **self._auth())

    def post(self, path, body):
        return self.http.post(path, body, content_type="application/json", **self._auth())

    def delete(self, path):
        return self.http.delete(path, **self._auth())


@pytest.fixture
def make_caller(client):
    def make(*, agency, granted=tuple(scopes.SCOPES), name=None, **kwargs):
        made, secret = integration_client_create(
            name=name or f"{agency.name if agency else 'Program'} system {len(granted)}",
            agency=agency,
            scopes=list(granted),
            **kwargs,
        )
        return Caller(made, client, secret)

    return make


@pytest.fixture
def police(officer):
    """The officer fixture's own agency."""
    return officer.unit.precinct.agency


@pytest.fixture
def other_police():
    # The same incident-number format as the first: the same number can be in both.
    return PoliceAgencyFactory(
        name="County Sheriff", incident_number_pattern=r"^[0-9]{2,4}-[0-9]{4,8}$", incident_number_example="2026-04211"
    )
