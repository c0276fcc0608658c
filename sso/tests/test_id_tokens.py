"""The ID token check at its boundaries, with tokens signed here (the flow
against a real provider is in test_sign_in.py)."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sso.backend import CLOCK_SKEW_SECONDS, id_token_claims
from sso.refusals import SignInRefused

ISSUER, CLIENT = "https://login.example/metro/v2.0", "lead-ops"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC = {**jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": "k1", "use": "sig"}


def token(key=KEY, headers=None, algorithm="RS256", **changes):
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "ortiz", "iat": now, "exp": now + 300, "nonce": "n-1", **changes}
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": "k1", **(headers or {})})


def check(raw, nonce="n-1", keys=(PUBLIC,)):
    return id_token_claims(raw, keys=list(keys), issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def refused(raw, **kwargs) -> str:
    with pytest.raises(SignInRefused) as caught:
        check(raw, **kwargs)
    assert caught.value.reason.code == "bad_token"
    return caught.value.detail


def test_a_genuine_token_gives_its_claims():
    assert check(token())["sub"] == "ortiz"


def test_expiry_is_allowed_the_clock_skew_and_not_a_second_more():
    now = int(time.time())
    assert check(token(exp=now - CLOCK_SKEW_SECONDS + 5))
    assert "Expired" in refused(token(exp=now - CLOCK_SKEW_SECONDS - 5))


def test_a_token_issued_in_the_future_is_refused():
    assert "ImmatureSignature" in refused(token(iat=int(time.time()) + CLOCK_SKEW_SECONDS + 30))


@pytest.mark.parametrize("missing", ["iss", "aud", "sub", "exp", "iat"])
def test_every_required_claim_must_be_there(missing):
    assert "MissingRequiredClaim" in refused(token(**{missing: None}))


def test_another_audience_or_issuer_is_refused():
    assert "InvalidAudience" in refused(token(aud="another-client"))
    assert "InvalidIssuer" in refused(token(iss="https://login.example/other/v2.0"))


def test_several_audiences_need_us_as_the_authorized_party():
    assert check(token(aud=[CLIENT, "api"], azp=CLIENT))
    assert "authorized party" in refused(token(aud=[CLIENT, "api"]))


def test_the_nonce_must_be_the_one_sent():
    assert "nonce" in refused(token(), nonce="n-2")
    assert "nonce" in refused(token(nonce=None), nonce="n-1")
    assert "nonce" in refused(token(), nonce=None)


def test_shared_secret_and_unsigned_tokens_are_refused_whatever_they_say():
    assert "not allowed" in refused(jwt.encode({"sub": "ortiz"}, "the-client-secret", algorithm="HS256"))
    unsigned = jwt.encode({"iss": ISSUER, "aud": CLIENT, "sub": "x"}, None, algorithm="none")
    assert "not allowed" in refused(unsigned)


def test_a_key_the_provider_does_not_publish_is_refused():
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert "Signature" in refused(token(key=stranger))
    assert "does not publish" in refused(token(headers={"kid": "k2"}))


def test_a_key_of_another_algorithm_is_not_tried():
    curve = ec.generate_private_key(ec.SECP256R1())
    assert "does not publish" in refused(token(key=curve, algorithm="ES256"), keys=[{**PUBLIC, "alg": "RS256"}])


@pytest.mark.parametrize("garbage", ["", "a.b", "not a token", "a.b.c.d", "eyJhbGciOiJSUzI1NiJ9.e30."])
def test_garbage_is_refused_not_an_error(garbage):
    refused(garbage)
