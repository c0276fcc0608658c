"""Why a single sign-on was refused, and what the person is told."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


UNKNOWN_USER = Reason(
    "unknown_user",
    "{provider} signed you in, but you have no LEAD Ops account. Ask your LEAD administrator to set one up.",
)
INACTIVE = Reason("inactive", "Your LEAD Ops account is no longer active. If you need it, ask your LEAD administrator.")
OTHER_AGENCY = Reason(
    "other_agency",
    "Your LEAD Ops account belongs to another agency than {provider}. Sign in the way your agency does.",
)
NAME_TAKEN = Reason(
    "name_taken",
    "An account with your user name already exists in another agency. Ask your LEAD administrator.",
)
UNUSABLE_PROFILE = Reason(
    "unusable_profile",
    "{provider} sent a user name or profile LEAD Ops cannot use. Ask your LEAD administrator.",
)
NO_USERNAME = Reason("no_username", "{provider} did not say who you are. Ask your LEAD administrator.")
BAD_TOKEN = Reason(
    "bad_token", "The answer from {provider} could not be verified, so you were not signed in. Please try again."
)
BAD_STATE = Reason(
    "bad_state",
    "That sign-in link has expired or was already used. Start again from this page.",
)
PROVIDER_DOWN = Reason(
    "provider_down",
    "{provider} is not answering just now. Try again in a few minutes, or sign in with your LEAD Ops password.",
)
MISCONFIGURED = Reason(
    "misconfigured",
    "Sign-in with {provider} is not set up correctly. Tell your LEAD administrator; "
    "meanwhile sign in with your LEAD Ops password.",
)
CANCELLED = Reason("cancelled", "{provider} did not sign you in ({error}).")


class SignInRefused(Exception):
    def __init__(self, reason: Reason, detail: str = "", *, username: str = "", user=None, **words):
        super().__init__(reason.code)
        self.reason, self.detail, self.words = reason, detail, words
        self.username, self.user = username, user

    def message(self, provider) -> str:
        return self.reason.message.format(provider=provider.name, **self.words)
