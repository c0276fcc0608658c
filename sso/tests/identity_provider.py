"""The tests' OpenID provider: sso/tests/identity_provider.mjs (node
oidc-provider) in its own process on loopback, and a way through its sign-in
page without a browser."""

import json
import os
import socket
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

SCRIPT = Path(__file__).with_name("identity_provider.mjs")
CLIENT_ID = "lead-ops"
CLIENT_SECRET = "test-only-client-secret"

# The people the provider knows, by login (their subject).
PEOPLE = {
    "ortiz": {
        "preferred_username": "oortiz@metro.example",
        "given_name": "Olivia",
        "family_name": "Ortiz",
        "email": "oortiz@metro.example",
        "employeeid": "4471",
        "department": "North proactive",
        "groups": ["LEAD-Officers"],
    },
    "lee": {
        "preferred_username": "dlee@metro.example",
        "given_name": "Dana",
        "family_name": "Lee",
        "email": "dlee@metro.example",
        "groups": ["LEAD-Sergeants", "LEAD-Officers"],
    },
    "newcomer": {
        "preferred_username": "newcomer@metro.example",
        "given_name": "Nico",
        "family_name": "Newcomer",
        "email": "newcomer@metro.example",
        "groups": [],
    },
    "climber": {"preferred_username": "climber@metro.example", "groups": ["LEAD-Admins"]},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningProvider:
    issuer: str

    def mode(self, id_token: str = "genuine", delay_ms: int = 0) -> None:
        requests.post(f"{self.issuer}/_test/mode", json={"id_token": id_token, "delay_ms": delay_ms}, timeout=5)


@contextmanager
def identity_provider(*, site_urls: list[str], slugs: list[str], people: dict = PEOPLE):
    port = free_port()
    redirect_uris = [f"{site.rstrip('/')}/accounts/sso/{slug}/callback/" for site in site_urls for slug in slugs]
    config = {
        "port": port,
        "accounts": people,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": [f"{site.rstrip('/')}/accounts/login/" for site in site_urls],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        env={**os.environ, "IDP_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        bufsize=1,
        text=True,
    )
    try:
        said = []
        for line in process.stdout:  # its warnings may come before it is ready
            said.append(line)
            if line.startswith("ready"):
                break
        else:
            raise RuntimeError(f"the test identity provider did not start: {''.join(said)}")
        yield RunningProvider(issuer=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


def through_provider(authorization_url: str, login: str, *, site_url: str = "http://testserver") -> str:
    """Sign in at the provider as `login`, as a person would on its page; the
    URL it sends the browser back to (our callback, with code and state)."""
    session = requests.Session()
    url = authorization_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "/interaction/" in url:
            path = urlsplit(url).path
            response = session.post(
                urljoin(url, f"{path}/login"), data={"login": login}, allow_redirects=False, timeout=10
            )
        if response.status_code not in (302, 303):
            raise AssertionError(f"provider answered {response.status_code}: {response.text[:300]}")
        url = urljoin(url, response.headers["Location"])
        if url.startswith(site_url):
            return url
    raise AssertionError("the provider never sent the browser back")
