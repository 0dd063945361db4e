"""Encryption at rest for 公民身份号码 (ID numbers), with a blind index for exact lookup.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``FIELD_ENCRYPTION_KEY``;
Fernet tokens are randomised, so equality is looked up through ``blind_index``, an HMAC-SHA256
of the normalised value under a key derived from a secret. A raw database dump holds neither
the number nor anything from which it can be recomputed without the key.

Rotation: ``FIELD_ENCRYPTION_KEY`` may list several keys, comma separated, newest first. Values
are encrypted with the first and decrypted with whichever key made them; ``manage.py
rotate_encryption_key`` re-encrypts every value with the first, after which the older keys can
be dropped. The blind index is keyed by ``FIELD_INDEX_KEY`` when set, else by the last (oldest)
key of the list, so rotating the encryption key never changes an index; changing the index key
is ``rotate_encryption_key --reindex`` (docs/architecture.md, "Personal data").
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
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


def field_encryption_keys() -> list[str]:
    """The keys of ``FIELD_ENCRYPTION_KEY`` (a comma-separated string or a list), newest first."""
    configured = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or ""
    if isinstance(configured, str):
        configured = configured.split(",")
    keys = [key.strip() for key in configured if key and key.strip()]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return keys


@cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in keys])


def _cipher() -> MultiFernet:
    return _multi_fernet(tuple(field_encryption_keys()))


def encrypt(value: str) -> str:
    """Encrypt a non-empty string with the first key; empty stays empty."""
    if not value:
        return ""
    return TOKEN_PREFIX + _cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt what :func:`encrypt` produced, with whichever of the keys made it."""
    if not token:
        return ""
    if not token.startswith(TOKEN_PREFIX):
        raise ValueError("value is not an encrypted token")
    try:
        return _cipher().decrypt(token[len(TOKEN_PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEY (wrong key?)."
        ) from error


def field_index_key() -> str:
    """The secret the blind index is keyed by (see the module docstring)."""
    return getattr(settings, "FIELD_INDEX_KEY", "") or field_encryption_keys()[-1]


@cache
def _index_key(key: str) -> bytes:
    return hmac.new(
        base64.urlsafe_b64decode(key), b"partysite blind index v1", hashlib.sha256
    ).digest()


def blind_index(value: str) -> str:
    """Deterministic keyed hash of ``value`` for exact lookup and uniqueness ("" for empty)."""
    if not value:
        return ""
    return hmac.new(_index_key(field_index_key()), value.encode(), hashlib.sha256).hexdigest()


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
