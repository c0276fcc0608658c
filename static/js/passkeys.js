// Passkeys: what django-otp-webauthn's scripts leave to the page. They run the
// ceremony and announce its state (templates/accounts/passkey_*.html); this
// goes on after a registration and words a cancelled ceremony plainly.
"use strict";

document.addEventListener("otp_webauthn.register_complete", (event) => {
  const holder = event.target.closest("[data-passkey-next]");
  window.location.assign(holder && holder.dataset.passkeyNext ? holder.dataset.passkeyNext : window.location.href);
});

const CANCELLED = {
  "otp_webauthn.register_failed": [
    "passkey-register-status-message",
    "No passkey was registered: it was cancelled, timed out or refused by your device. Try again, or use another security key or device.",
  ],
  "otp_webauthn.verification_failed": [
    "passkey-verification-status-message",
    "Your passkey was not used: it was cancelled, timed out or refused by your device. Try again.",
  ],
};

for (const [eventName, [statusId, text]] of Object.entries(CANCELLED)) {
  document.addEventListener(eventName, (event) => {
    const error = event.detail && event.detail.error;
    const status = document.getElementById(statusId);
    if (status && error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      status.textContent = text;
    }
  });
}
