"""Passwords: at least 12 characters, not a common password, no composition
rules, no forced rotation (NIST SP 800-63B); changing one is audited."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from lead_ops.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = "four unrelated words here"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("elevenchars", "at least 12 characters"),
        ("123qweasdzxc", "too common"),
        ("555512345678", "entirely numeric"),
    ],
)
def test_short_common_or_numeric_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert any(message in text for text in refused.value.messages)


@pytest.mark.parametrize("password", ["twelve chars", "lowercase words only here", "NO-DIGITS-OR-SYMBOLS-NEEDED"])
def test_no_composition_rules(password):
    validate_password(password)


def test_change_password_page(client, officer):
    client.force_login(officer)

    response = client.get("/accounts/password/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="current-password"' in content and 'autocomplete="new-password"' in content
    assert "at least 12 characters" in content


def test_a_wrong_old_password_or_a_weak_new_one_is_refused(client, officer):
    client.force_login(officer)

    wrong_old = client.post(
        "/accounts/password/",
        {"old_password": "not-my-password", "new_password1": NEW, "new_password2": NEW},
    )
    weak_new = client.post(
        "/accounts/password/",
        {"old_password": "lead-demo-password", "new_password1": "short", "new_password2": "short"},
    )

    assert "Your old password was entered incorrectly" in wrong_old.content.decode()
    assert "at least 12 characters" in weak_new.content.decode()
    officer.refresh_from_db()
    assert officer.check_password("lead-demo-password")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED).exists()


def test_changing_the_password_keeps_this_session_ends_the_others_and_is_audited(client, officer):
    client.force_login(officer)
    elsewhere = Client()
    elsewhere.force_login(officer)
    key_before = client.session.session_key

    response = client.post(
        "/accounts/password/",
        {"old_password": "lead-demo-password", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/security/", 302)]
    assert "Your password has been changed." in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.session.session_key != key_before
    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert SESSION_KEY not in elsewhere.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_CHANGED)
    assert event.actor == officer and event.id_list == [str(officer.pk)]
