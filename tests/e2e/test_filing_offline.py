"""Filing with no signal: an officer on a phone fills and sends the referral
offline; it is kept on the device and filed exactly once when the signal
returns (README, Filing offline)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.models import Referral, ReferralDraft

from .journeys import screenshot, sign_in, wait_until
from .test_referral_filing import fill_new_person, start_referral

pytestmark = pytest.mark.usefixtures("lead_protocol")


def ready_for_offline(phone):
    """The service worker controls the page and the blank forms are kept."""
    wait_until(phone, "() => navigator.serviceWorker.controller !== null")
    wait_until(phone, "() => sessionStorage.getItem('lead-offline-kept') !== null")


def fill_social_contact(phone, first="Ana", last="Rivera"):
    fill_new_person(phone, first=first, last=last)
    phone.get_by_label("Criminal history").check()
    phone.get_by_label("Date of that activity").fill(str(timezone.localdate() - timedelta(days=30)))
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_label("None of these apply").check()


def device_records(phone) -> int:
    return phone.evaluate(
        """async () => {
            const user = document.querySelector('meta[name="lead-offline"]').dataset.user;
            const { referrals } = await LeadOfflineStore.snapshot(user);
            return referrals.length;
        }"""
    )


def file_offline(phone, first="Ana", last="Rivera"):
    phone.context.set_offline(True)
    phone.get_by_test_id("offline-banner").wait_for()
    fill_social_contact(phone, first=first, last=last)
    eligibility = phone.get_by_test_id("eligibility")
    eligibility.filter(has_text="Eligible").wait_for()
    assert "checked again when sent" in phone.get_by_test_id("device-screening").inner_text()
    phone.get_by_role("button", name="Divert to LEAD").click()
    phone.get_by_test_id("kept-on-device").wait_for()


def test_a_referral_sent_offline_is_filed_once_when_the_signal_returns(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")
    ready_for_offline(phone)

    file_offline(phone)
    phone.get_by_test_id("offline-queue").filter(
        has_text="Waiting to send (1)"
    ).wait_for()  # drawn as the store answers
    phone.a11y.check()
    screenshot(phone, "offline-waiting-to-send-phone")
    assert Referral.objects.count() == 0

    phone.context.set_offline(False)
    phone.get_by_test_id("offline-filed").filter(
        has_text="Referral filed: Social contact referral: Ana Rivera (Eligible)."
    ).wait_for()
    phone.a11y.check()
    screenshot(phone, "offline-filed-phone")
    referral = Referral.objects.get()
    assert referral.person.full_name == "Ana Rivera" and referral.status == Referral.Status.DIVERTED
    assert device_records(phone) == 0

    phone.reload()  # however often the device sends, one referral
    phone.a11y.check()
    phone.evaluate("LeadOfflineStore.sendAll(document.querySelector('meta[name=\"lead-offline\"]').dataset.user)")
    assert Referral.objects.count() == 1


def user_id(phone) -> str:
    return phone.evaluate("document.querySelector('meta[name=\"lead-offline\"]').dataset.user")


def test_a_referral_queued_on_a_closed_page_is_filed_when_the_app_is_opened_again(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")
    ready_for_offline(phone)
    file_offline(phone)
    context = phone.context
    phone.close()  # the officer closes the app while the referral waits

    context.set_offline(False)
    later = context.new_page()
    later.goto("/")
    later.get_by_test_id("filed-referral").wait_for()
    assert Referral.objects.count() == 1
    assert later.evaluate("async (u) => (await LeadOfflineStore.snapshot(u)).referrals.length", user_id(later)) == 0


def test_two_tabs_sending_the_same_queue_file_one_referral(phone, officer):
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")
    ready_for_offline(phone)
    other = phone.context.new_page()
    other.goto("/")
    file_offline(phone)

    phone.context.set_offline(False)
    # Both tabs hear "online" and send at once; here they are also told to.
    user = user_id(phone)
    for tab in (phone, other):  # started in both before either is awaited
        tab.evaluate("(u) => { window.sending = LeadOfflineStore.sendAll(u); }", user)
    for tab in (phone, other):
        tab.evaluate("() => window.sending")
    phone.get_by_test_id("filed-referral").wait_for()
    assert Referral.objects.count() == 1


def test_a_protocol_version_published_while_offline_asks_the_officer_to_confirm(phone, officer, lead_protocol):
    from lead_ops.protocol.services import protocol_version_publish
    from referrals.services.criteria import protocol_draft_from

    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")
    ready_for_offline(phone)
    file_offline(phone, first="Rosa", last="Delgado")
    newer = protocol_version_publish(
        version=protocol_draft_from(version=lead_protocol), effective_from=timezone.localdate()
    )

    phone.context.set_offline(False)
    attention = phone.get_by_test_id("attention-referral")
    attention.filter(has_text=f"Protocol version {newer.number} came into force").wait_for()
    assert Referral.objects.count() == 0 and ReferralDraft.objects.count() == 1
    phone.a11y.check()
    screenshot(phone, "offline-new-protocol-phone")

    attention.get_by_role("link", name="Open and decide").click()
    phone.wait_for_url("**/referrals/new/?draft=*")
    phone.a11y.check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    assert f"protocol version {newer.number}" in phone.get_by_test_id("eligibility").inner_text()
    phone.get_by_role("button", name="Divert to LEAD").click()
    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    referral = Referral.objects.get()
    assert referral.protocol_version == newer and referral.person.full_name == "Rosa Delgado"

    phone.goto("/")  # the device learns it was filed, and keeps nothing
    phone.a11y.check()
    wait_until(phone, "async (u) => (await LeadOfflineStore.snapshot(u)).referrals.length === 0", user_id(phone))
    assert Referral.objects.count() == 1


def queue_one_offline(phone):
    """An officer signed in on a phone with one referral queued offline; the signal is back."""
    sign_in(phone, "officer")
    start_referral(phone, "Social contact referral")
    ready_for_offline(phone)
    phone.context.set_offline(True)
    fill_social_contact(phone)
    wait_until(phone, "async (u) => (await LeadOfflineStore.snapshot(u)).referrals.length === 1", user_id(phone))
    phone.context.set_offline(False)


def assert_device_forgotten(phone):
    """On the sign-in page after a sign-out: no device database and no cached form left."""
    phone.a11y.check()
    wait_until(phone, "() => document.documentElement.dataset.deviceForgotten === '1'")
    assert phone.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)") == []
    assert phone.evaluate("async () => (await caches.keys()).includes('lead-filing-form')") is False


def test_signing_out_deletes_what_the_device_kept(phone, officer):
    from .journeys import user_menu

    queue_one_offline(phone)
    phone.reload()
    phone.a11y.check()
    assert phone.evaluate("async () => (await indexedDB.databases()).length") >= 1

    phone.once("dialog", lambda dialog: dialog.accept())
    user_menu(phone).get_by_role("button", name="Sign out").click()
    # The page may wait a bounded time for the device store before it signs out.
    phone.wait_for_url("**/accounts/login/**", timeout=30_000)
    assert_device_forgotten(phone)


def test_what_the_signing_out_page_could_not_delete_goes_on_the_next_page(phone, officer):
    """The page's own clearing did not happen (a store that did not answer, a
    script that did not run): the sign-in page after the sign-out deletes it."""
    from .journeys import user_menu

    queue_one_offline(phone)
    # As if the page's clearing were done: the form goes to the server untouched.
    phone.evaluate("document.querySelectorAll('form[action$=\"/logout/\"]').forEach((f) => (f.dataset.cleared = '1'))")

    user_menu(phone).get_by_role("button", name="Sign out").click()
    phone.wait_for_url("**/accounts/login/**")
    assert_device_forgotten(phone)
