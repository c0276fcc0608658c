"""A request body over LEAD_MAX_REQUEST_MB gets a clean 413 page, not a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_request_body_over_the_limit_gets_a_clean_413_page(client, officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(officer)

    response = client.post("/accounts/password/", {"old_password": "x" * 2048})

    assert response.status_code == 413
    content = response.content.decode()
    assert "Too much to send at once" in content
    assert f"larger than the {settings.LEAD_MAX_REQUEST_MB} MB" in content
    assert "<nav" in content  # the site's own page, not a bare error


def test_a_body_under_the_limit_is_served_as_usual(client, officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    client.force_login(officer)

    response = client.post("/accounts/password/", {"old_password": "x" * 2048})

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_other_bad_requests_get_a_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5

    response = client.post("/accounts/login/", {f"field{n}": "x" for n in range(10)})

    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()
