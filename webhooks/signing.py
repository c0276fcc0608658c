"""How a webhook is signed, and how a receiver checks it. One home for both:
the delivery signs with `signature_header`, the tests' receiver (and the README's
example) verify with `verify`.

    X-LEAD-Signature: t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

v1 is the hex HMAC-SHA256, keyed with the subscription's secret, of the
timestamp, a full stop and the raw request body: `f"{t}.".encode() + body`.
A receiver recomputes it over the body exactly as received, compares in
constant time, refuses a timestamp more than five minutes from its clock
(a replayed request), and keeps the event ids it has seen (X-LEAD-Event-Id):
a delivery retried after a lost reply carries the same id."""

import hashlib
import hmac
import secrets

HEADER = "X-LEAD-Signature"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True only for a well-formed header whose signature matches the body and
    whose timestamp is within the tolerance of `now` (seconds since the epoch)."""
    parts = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    given = parts.get("v1", "")
    return hmac.compare_digest(given.encode(), signature(secret, timestamp, body).encode())
