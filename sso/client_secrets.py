"""The identity providers' client secrets at rest: encrypted with Fernet
(AES-128-CBC with HMAC-SHA256) under LEAD_SECRETS_KEY, or not stored at all but
read from an environment variable the administrator names."""

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnavailable(Exception):
    """The secret cannot be read: the variable is unset, or the key changed."""


def _fernet() -> Fernet:
    if settings.LEAD_SECRETS_KEY:
        return Fernet(settings.LEAD_SECRETS_KEY.encode())
    # Without a key of its own the site derives one from SECRET_KEY: changing
    # SECRET_KEY then means entering the providers' secrets again.
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lead_ops.sso.client-secret").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode("ascii")


def client_secret_of(provider) -> str:
    if provider.client_secret_env:
        value = os.environ.get(provider.client_secret_env, "")
        if not value:
            raise SecretUnavailable(f"The environment variable {provider.client_secret_env} is not set.")
        return value
    try:
        return _fernet().decrypt(provider.client_secret_encrypted.encode()).decode()
    except (InvalidToken, ValueError):
        raise SecretUnavailable("The stored client secret cannot be decrypted: enter it again.") from None
