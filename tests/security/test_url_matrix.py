"""Who may reach every URL: a role-by-URL matrix generated from the URL
resolver. A URL without an entry here fails the suite, so a new page cannot
ship without someone deciding who may open it.

Each role requests each URL against a small world with one record of every
kind (tests/security/world.py), by the method the URL serves. The outcome is
sorted into: ok (the view ran: 2xx, 3xx other than to sign-in, or a 400 for
an incomplete form), denied (403 or 404), login (sent to sign in)."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import ROLES, build_world

EVERYONE = frozenset(ROLES)
# Community referrers are partners outside the program: their own account, the
# community door and the home page only (lead_ops/accounts/partners.py).
PROGRAM = EVERYONE - {"referrer"}
PUBLIC = "public"  # everyone, signed in or not
SIGNS_OUT = "signs out"  # everyone, ending on the sign-in page
TOKEN_ONLY = "token only"  # the integration API and SCIM: a session opens nothing, signed in or not (401)
# Single sign-on's doors and the page after sign-out: everyone, back on the
# sign-in page when the provider is away (or there is nowhere to go on to).
SIGN_IN_STEP = "sign-in step"
# The passkey ceremony's JSON endpoints: refused (403) signed out and, as here,
# with LEAD_REQUIRE_MFA off; with it on, accounts/tests/test_passkeys.py holds who gets what.
MFA_ON_ONLY = "only with LEAD_REQUIRE_MFA on"
# The public request form: a 404 for everyone while LEAD_PUBLIC_REQUESTS is off,
# as here; community/tests/test_public_requests.py opens it.
PUBLIC_REQUESTS_ON_ONLY = "only with LEAD_PUBLIC_REQUESTS on"


# url name: (method, the roles that reach the view). Every other role is denied
# (403 or 404); anonymous visitors are sent to sign in unless the URL is PUBLIC.
# The administrator is a superuser: every permission, but the same object rules
# (they review no decision and correct no referral of their own).
MATRIX = {
    "admin:*": ("get", {"administrator", "agency_admin"}),
    "api:docs": ("get", PUBLIC),
    "api:schema": ("get", PUBLIC),
    "api:token": ("post", PUBLIC),  # anyone may ask; only a client's id and secret get a token
    "api:revoke": ("post", PUBLIC),
    "api:drafts": ("post", TOKEN_ONLY),
    "api:draft-qr": ("get", TOKEN_ONLY),
    "api:referrals": ("get", TOKEN_ONLY),
    "api:referral": ("get", TOKEN_ONLY),
    "api:figures": ("get", TOKEN_ONLY),
    "api:webhooks": ("get", TOKEN_ONLY),
    "api:webhook": ("get", TOKEN_ONLY),
    "accounts:login": ("get", PUBLIC),
    "sso:start": ("get", SIGN_IN_STEP),
    "sso:callback": ("get", SIGN_IN_STEP),
    "scim:root": ("get", TOKEN_ONLY),
    "scim:search": ("post", TOKEN_ONLY),
    "scim:users": ("get", TOKEN_ONLY),
    "scim:users-search": ("post", TOKEN_ONLY),
    "scim:groups": ("get", TOKEN_ONLY),
    "scim:groups-search": ("post", TOKEN_ONLY),
    "scim:me": ("get", TOKEN_ONLY),
    "scim:service-provider-config": ("get", TOKEN_ONLY),
    "scim:resource-types": ("get", TOKEN_ONLY),
    "scim:schemas": ("get", TOKEN_ONLY),
    "scim:bulk": ("post", TOKEN_ONLY),
    "accounts:logout": ("post", SIGNS_OUT),
    "accounts:signed_out": ("get", SIGN_IN_STEP),
    "accounts:mfa_enrol": ("get", EVERYONE),
    "accounts:mfa_verify": ("get", EVERYONE),
    "accounts:passkey_register": ("get", EVERYONE),
    "accounts:passkey_remove": ("post", {"officer"}),  # the world's passkey is the officer's: its owner only
    "accounts:passkey_rename": ("post", {"officer"}),
    "accounts:passkey_verify": ("get", EVERYONE),
    "accounts:password_change": ("get", EVERYONE),
    "accounts:recovery_codes_replace": ("post", EVERYONE),
    "accounts:security": ("get", EVERYONE),
    "community:refer": ("get", {"referrer", "administrator"}),
    "community:mine": ("get", {"referrer", "administrator"}),
    "community:request": ("get", PUBLIC_REQUESTS_ON_ONLY),
    "community:request-sent": ("get", PUBLIC_REQUESTS_ON_ONLY),
    "community:triage": ("get", {"project_manager", "administrator"}),
    "community:triage-detail": ("get", {"project_manager", "administrator"}),
    "community:note": ("post", {"project_manager", "administrator"}),
    "community:ask-verification": ("post", {"project_manager", "administrator"}),
    "community:decline": ("post", {"project_manager", "administrator"}),
    # The officer is the one designated to verify (the sergeant is not); the
    # project team and the administrator are sent back to the triage page.
    "community:verifications": ("get", {"officer", "administrator"}),
    "community:screen": ("get", {"officer", "project_manager", "administrator"}),
    "favicon": ("get", PUBLIC),
    "service-worker": ("get", PUBLIC),  # the filing app's service worker: code, no data
    "manifest": ("get", PUBLIC),
    "referrals:offline-state": ("get", {"officer", "sergeant", "administrator"}),
    "referrals:offline-send": ("post", {"officer", "sergeant", "administrator"}),
    "health": ("get", PUBLIC),
    "health-page": ("get", PUBLIC),
    "home": ("get", EVERYONE),
    "notifications:index": ("get", EVERYONE),
    "otp_webauthn:credential-authentication-begin": ("post", MFA_ON_ONLY),
    "otp_webauthn:credential-authentication-complete": ("post", MFA_ON_ONLY),
    "otp_webauthn:credential-registration-begin": ("post", MFA_ON_ONLY),
    "otp_webauthn:credential-registration-complete": ("post", MFA_ON_ONLY),
    "otp_webauthn:js-i18n-catalog": ("get", EVERYONE),
    "notifications:mark-read": ("post", EVERYONE),
    "notifications:delivery": ("post", EVERYONE),
    "referrals:check": ("post", {"officer", "sergeant", "project_manager", "administrator"}),
    "referrals:correct": ("get", {"officer"}),
    "referrals:detail": ("get", {"officer", "sergeant", "case_manager", "prosecutor", "coordinator", "administrator"}),
    "referrals:disclosures": ("get", {"administrator"}),
    "referrals:draft-discard": ("post", {"officer"}),
    "referrals:charging": ("post", {"prosecutor", "administrator"}),
    "referrals:handoff": ("post", {"officer", "sergeant", "administrator"}),
    "referrals:handoffs": ("get", {"case_manager", "administrator"}),
    "referrals:index": ("get", {"officer", "sergeant", "coordinator", "project_manager", "administrator"}),
    "referrals:intake": ("post", {"case_manager", "administrator"}),
    "referrals:new": ("get", {"officer", "sergeant", "administrator"}),
    "referrals:notes": ("post", {"case_manager", "administrator"}),
    "referrals:people": ("get", {"officer", "sergeant", "administrator"}),
    "referrals:person": ("get", {"officer", "sergeant", "administrator"}),
    "referrals:person-choose": ("get", {"officer", "sergeant", "project_manager", "administrator"}),
    "referrals:person-matches": ("get", {"officer", "sergeant", "project_manager", "administrator"}),
    "referrals:person-new": ("get", {"officer", "sergeant", "project_manager", "administrator"}),
    "referrals:prosecution": ("get", {"prosecutor", "administrator"}),
    "referrals:release-revoke": ("post", {"case_manager", "administrator"}),
    "referrals:review-act": ("post", {"sergeant"}),
    "referrals:reviews": ("get", {"sergeant", "administrator"}),
    "reports:dashboard": ("get", {"sergeant", "coordinator", "analyst", "project_manager", "administrator"}),
    "reports:discretion": ("get", {"sergeant", "coordinator", "analyst", "project_manager", "administrator"}),
    "reports:equity": ("get", {"sergeant", "coordinator", "analyst", "project_manager", "administrator"}),
    "reports:export-download": ("get", {"analyst"}),
    "reports:export-status": ("get", {"analyst"}),
    "reports:exports": ("get", {"sergeant", "coordinator", "analyst", "project_manager", "administrator"}),
    "training:attendance": ("get", {"coordinator", "administrator"}),
    "training:attendance_remove": ("post", {"coordinator", "administrator"}),
    "training:compliance": ("get", {"sergeant", "coordinator", "administrator"}),
    "training:import_apply": ("post", {"coordinator", "administrator"}),
    "training:import_preview": ("get", {"coordinator", "administrator"}),
    "training:import_upload": ("get", {"coordinator", "administrator"}),
    "training:my_training": ("get", PROGRAM),
    "training:protocol": ("get", PROGRAM),
    "training:protocol_acknowledge": ("post", {"officer", "sergeant", "administrator"}),
    "training:rollout": ("get", {"sergeant", "coordinator", "administrator"}),
    "training:session_create": ("get", {"coordinator", "administrator"}),
    "training:session_delete": ("post", {"coordinator", "administrator"}),
    "training:session_detail": ("get", {"coordinator", "administrator"}),
    "training:session_edit": ("get", {"coordinator", "administrator"}),
    "training:session_list": ("get", {"coordinator", "administrator"}),
    "training:session_materials": ("get", {"officer", "sergeant", "coordinator", "administrator"}),
    "training:topic_create": ("get", {"coordinator", "administrator"}),
    "training:topic_edit": ("get", {"coordinator", "administrator"}),
    "training:topic_list": ("get", {"coordinator", "administrator"}),
    "training:trainer_list": ("get", {"coordinator", "administrator"}),
    "training:trainer_retire": ("post", {"coordinator", "administrator"}),
    "training:unit_compliance": ("get", {"sergeant", "coordinator", "administrator"}),
    "workgroup:action-new": ("get", {"coordinator", "administrator"}),
    "workgroup:action-status": (
        "post",
        {"officer", "sergeant", "case_manager", "prosecutor", "coordinator", "administrator"},
    ),
    "workgroup:actions": ("get", PROGRAM),
    "workgroup:addendum-add": ("post", {"coordinator", "administrator"}),
    "workgroup:agenda-add": ("post", {"coordinator", "administrator"}),
    "workgroup:agenda-build": ("get", {"coordinator", "administrator"}),
    "workgroup:agenda-move": ("post", {"coordinator", "administrator"}),
    "workgroup:agenda-remove": ("post", {"coordinator", "administrator"}),
    "workgroup:attendance": ("get", {"coordinator", "administrator"}),
    "workgroup:attendance-report": ("get", PROGRAM),
    "workgroup:calendar": ("get", PROGRAM),
    "workgroup:calendar-create": ("post", PROGRAM),
    "workgroup:calendar-feed": ("get", PUBLIC),
    "workgroup:calendar-revoke": ("post", PROGRAM),
    "workgroup:issue": ("get", PROGRAM),
    "workgroup:issue-new": ("get", PROGRAM),
    "workgroup:issues": ("get", PROGRAM),
    "workgroup:meeting": ("get", {"officer", "sergeant", "case_manager", "prosecutor", "coordinator", "administrator"}),
    "workgroup:meeting-cancel": ("post", {"coordinator", "administrator"}),
    "workgroup:meeting-new": ("get", {"coordinator", "administrator"}),
    "workgroup:meeting-send-agenda": ("post", {"coordinator", "administrator"}),
    "workgroup:meetings": ("get", PROGRAM),
    "workgroup:minutes": ("get", {"coordinator", "administrator"}),
    "workgroup:minutes-approve": ("post", {"coordinator", "administrator"}),
    "workgroup:minutes-csv": (
        "get",
        {"officer", "sergeant", "case_manager", "prosecutor", "coordinator", "administrator"},
    ),
    "workgroup:minutes-print": (
        "get",
        {"officer", "sergeant", "case_manager", "prosecutor", "coordinator", "administrator"},
    ),
    "workgroup:series-new": ("get", {"coordinator", "administrator"}),
}


def url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:*"
                continue
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_an_entry():
    missing = sorted(set(url_names()) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not missing, f"URLs without an access-matrix entry: {missing}"
    assert not stale, f"entries for URLs that no longer exist: {stale}"


def url_arguments(world) -> dict[str, dict]:
    meeting, session = {"pk": world.meeting.pk}, {"pk": world.session.pk}
    return {
        "accounts:passkey_rename": {"pk": world.passkey.pk},
        "accounts:passkey_remove": {"pk": world.passkey.pk},
        "referrals:detail": {"pk": world.participant.pk},
        "referrals:correct": {"pk": world.returned.pk},
        "referrals:handoff": {"pk": world.participant.pk},
        "referrals:intake": {"pk": world.participant.pk},
        "referrals:notes": {"pk": world.participant.pk},
        "referrals:charging": {"pk": world.participant.pk},
        "referrals:release-revoke": {"pk": world.participant.pk, "release_pk": world.release.pk},
        "referrals:review-act": {"pk": world.waiting.pk},
        "referrals:person-choose": {"pk": world.person.pk},
        "referrals:person": {"pk": world.person.pk},
        "referrals:disclosures": {"pk": world.person.pk},
        "referrals:draft-discard": {"token": world.draft.token},
        "training:session_detail": session,
        "training:session_edit": session,
        "training:session_delete": session,
        "training:session_materials": session,
        "training:attendance": session,
        "training:attendance_remove": {"pk": world.session.pk, "attendance_pk": world.attendance.pk},
        "training:unit_compliance": {"pk": world.unit.pk},
        "training:topic_edit": {"pk": world.topic.pk},
        "training:trainer_retire": {"pk": world.trainer.pk},
        "training:import_preview": {"pk": world.record_import.pk},
        "training:import_apply": {"pk": world.record_import.pk},
        "workgroup:meeting": meeting,
        "workgroup:meeting-cancel": meeting,
        "workgroup:meeting-send-agenda": meeting,
        "workgroup:agenda-add": meeting,
        "workgroup:agenda-build": meeting,
        "workgroup:agenda-move": {"pk": world.meeting.pk, "item_pk": world.item.pk},
        "workgroup:agenda-remove": {"pk": world.meeting.pk, "item_pk": world.item.pk},
        "workgroup:minutes": meeting,
        "workgroup:minutes-approve": meeting,
        "workgroup:addendum-add": meeting,
        "workgroup:minutes-print": meeting,
        "workgroup:minutes-csv": meeting,
        "workgroup:attendance": meeting,
        "workgroup:issue": {"pk": world.issue.pk},
        "workgroup:action-status": {"pk": world.action.pk},
        "workgroup:calendar-feed": {"token": world.token},
        "reports:export-status": {"export_id": world.export.pk},
        "reports:export-download": {"export_id": world.export.pk},
        "api:referral": {"pk": world.participant.pk},
        "api:draft-qr": {"token": world.draft.token},
        "api:webhook": {"pk": 1},
        "community:triage-detail": {"pk": world.community.received.pk},
        "community:note": {"pk": world.community.received.pk},
        "community:ask-verification": {"pk": world.community.received.pk},
        "community:decline": {"pk": world.community.received.pk},
        "community:screen": {"pk": world.community.to_verify.pk},
        "sso:start": {"slug": world.identity_provider.slug},
        "sso:callback": {"slug": world.identity_provider.slug},
    }


def outcome(response) -> str:
    if response.status_code in (401, 403, 404):
        return "denied"
    if response.status_code in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if response.status_code in (301, 302) and "/admin/login/" in response.get("Location", ""):
        return "admin-login"
    if response.status_code == 405:
        return "method"
    if response.status_code >= 500:
        return "error"
    return "ok"


def request_as(client, user, method: str, url: str) -> str:
    """One request, undone afterwards: every role meets the same world."""
    with transaction.atomic():
        client.logout()
        if user is not None:
            client.force_login(user)
        result = outcome(getattr(client, method)(url))
        transaction.set_rollback(True)
    return result


def expected(entry, role: str | None) -> str:
    _method, who = entry
    if who == PUBLIC:
        return "ok"
    if who in (SIGNS_OUT, SIGN_IN_STEP):
        return "login"
    if who in (TOKEN_ONLY, MFA_ON_ONLY, PUBLIC_REQUESTS_ON_ONLY):
        return "denied"
    if role is None:
        return "login"
    return "ok" if role in who else "denied"


@pytest.mark.django_db
def test_each_role_reaches_exactly_what_the_matrix_says(client, lead_protocol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    arguments = url_arguments(world)
    mismatches = []
    for name in sorted(set(url_names()) - {"admin:*"}):
        method, _ = MATRIX[name]
        url = reverse(name, kwargs=arguments.get(name, {}))
        for role, user in [(None, None), *world.users.items()]:
            got, want = request_as(client, user, method, url), expected(MATRIX[name], role)
            if got != want:
                mismatches.append(f"{name} as {role or 'anonymous'}: {got}, expected {want}")
    assert not mismatches, "\n".join(mismatches)


# The agency administrator opens the admin for their agency's people, units and
# precincts only (lead_ops/accounts/tests/test_agency_administration.py holds the rest).
ADMIN_PAGES = {
    "admin:index": {"administrator", "agency_admin"},
    "admin:accounts_user_changelist": {"administrator", "agency_admin"},
    "admin:audit_auditevent_changelist": {"administrator"},
    "admin:referrals_person_changelist": {"administrator"},
    "admin:referrals_referral_changelist": {"administrator"},
    "admin:sso_identityprovider_changelist": {"administrator"},
    "admin:sso_provideraccount_changelist": {"administrator"},
}


@pytest.mark.django_db
def test_the_admin_is_for_administrators_only(client, lead_protocol):
    world = build_world()
    for name, allowed in ADMIN_PAGES.items():
        url = reverse(name)
        for role, user in [(None, None), *world.users.items()]:
            got = request_as(client, user, "get", url)
            if role in allowed:
                assert got == "ok", f"{name} refused the {role}"
            elif role in MATRIX["admin:*"][1] or role in EVERYONE - PROGRAM:
                # Agency administrators are refused the rest; partners all of it.
                assert got == "denied", f"{name} as {role}: {got}"
            else:
                # Everyone else is sent to sign in (the admin's page or the site's).
                assert got in ("admin-login", "login"), f"{name} as {role or 'anonymous'}: {got}"
