import pytest
from django.contrib.auth.models import Group

from lead_ops.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_sign_in_page_is_open_to_everyone(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b'autocomplete="current-password"' in response.content
    assert b'class="navbar-brand fw-semibold" href="/accounts/login/">LEAD Ops</a>' in response.content


def test_every_other_page_needs_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_wrong_password_keeps_the_username_and_says_why(client, officer):
    response = client.post("/accounts/login/", {"username": "officer", "password": "nope-nope-nope"})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert b'value="officer"' in response.content


def test_sign_in_starts_a_new_session(client, officer):
    client.get("/accounts/login/")
    before = client.session.session_key

    client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password"})

    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_sign_out_needs_post_and_ends_the_session(client, officer):
    client.force_login(officer)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_inactive_user_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save()

    response = client.post("/accounts/login/", {"username": "officer", "password": "lead-demo-password"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
