"""Encryption at rest for 公民身份号码 (ID numbers), with a blind index for exact lookup.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``FIELD_ENCRYPTION_KEY``;
Fernet tokens are randomised, so equality is looked up through ``blind_index``, an HMAC-SHA256
of the normalised value under a key derived from the same secret. A raw database dump holds
neither the number nor anything from which it can be recomputed without the key.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "fernet:"  # noqa: S105 - a marker, not a secret


@cache
def _fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be a urlsafe-base64 32-byte Fernet key "
            '(generate one with `python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"`).'
        ) from error


def _key() -> str:
    key = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not key:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return key


def encrypt(value: str) -> str:
    """Encrypt a non-empty string; empty stays empty."""
    if not value:
        return ""
    return TOKEN_PREFIX + _fernet(_key()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt what :func:`encrypt` produced."""
    if not token:
        return ""
    if not token.startswith(TOKEN_PREFIX):
        raise ValueError("value is not an encrypted token")
    try:
        return _fernet(_key()).decrypt(token[len(TOKEN_PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEY (wrong key?)."
        ) from error


@cache
def _index_key(key: str) -> bytes:
    return hmac.new(
        base64.urlsafe_b64decode(key), b"partysite blind index v1", hashlib.sha256
    ).digest()


def blind_index(value: str) -> str:
    """Deterministic keyed hash of ``value`` for exact lookup and uniqueness ("" for empty)."""
    if not value:
        return ""
    return hmac.new(_index_key(_key()), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain value."""

    description = "Text encrypted at rest with Fernet"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)
