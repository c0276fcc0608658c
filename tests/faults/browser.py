"""A signed-in user's browser, as far as the fault tests need one: a session
cookie, the CSRF cookie, form posts, no redirects followed. The standard
library only, one connection per request, so that it is safe in many threads
and indifferent to the server closing idle connections."""

import http.client
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

SITE_ZONE = ZoneInfo("America/Los_Angeles")  # the form takes the site's local time (TIME_ZONE)
QUEUE_ROW = re.compile(r'name="r(\d+)-decision_id" value="(\d+)"')


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        body = urlencode(data, doseq=True) if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            reply = connection.getresponse()
            text = reply.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(reply.status, reply.headers.get("Location", ""), text)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        if "csrftoken" not in self.cookies:
            self.get("/health/page/")
        return self.request("POST", path, data=data, **kwargs)


def referral_form(*, token: uuid.UUID | None = None, declined_reason: int | None = None) -> dict:
    """A social-contact referral as an officer fills it in. Diverted, it needs no
    review. Given the primary key of the "declined" reason, the person is not
    diverted: that waits for a sergeant's review, and the sergeants are notified."""
    now = datetime.now(SITE_ZONE)
    serial = uuid.uuid4().hex[:10]
    return {
        "route": "social-contact",
        "token": str(token or uuid.uuid4()),
        "first_name": f"Fault{serial}",
        "last_name": f"Test{serial}",
        "date_of_birth": str(date(1970, 1, 1) + timedelta(days=int(serial[:4], 16) % 9000)),
        "occurred_at": (now - timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"),
        "prior_activity_verification": "criminal_history",
        "prior_activity_date": str(now.date() - timedelta(days=40)),
        "prior_activity_in_area": "yes",
        "none_apply": "on",
        "decision": "not_divert" if declined_reason else "divert",
        **({"not_divert_reasons": [declined_reason]} if declined_reason else {}),
    }
