"""Encryption at rest for 公民身份号码 (ID numbers) and 手机号码 (phone numbers), with a blind index
for exact lookup.

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

Fields: :class:`EncryptedTextField` (any text), :class:`EncryptedCharField` (a short value whose
length is validated, edited in a one-line input), :class:`EncryptedJSONField` (a JSON value, e.g.
the old and new values of a dossier change) and :class:`BlindIndexField`, the index of another
field of the same model kept in step on every save and ``bulk_create`` (``bulk_update`` and
``QuerySet.update`` do not call it: list the index among the fields and set it yourself; a model
saving with ``update_fields`` inherits :class:`BlindIndexedModel`, which adds the index).
"""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

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


def _configured_keys() -> str | tuple[str, ...]:
    """``FIELD_ENCRYPTION_KEY`` as set (a string, or a list made a tuple), as a cache key."""
    configured = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or ""
    return configured if isinstance(configured, str) else tuple(configured)


@cache
def _parsed_keys(configured: str | tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(configured, str):
        configured = configured.split(",")
    return tuple(key.strip() for key in configured if key and key.strip())


def field_encryption_keys() -> list[str]:
    """The keys of ``FIELD_ENCRYPTION_KEY`` (a comma-separated string or a list), newest first."""
    keys = list(_parsed_keys(_configured_keys()))
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return keys


@cache
def _multi_fernet(configured: str | tuple[str, ...]) -> MultiFernet:
    keys = _parsed_keys(configured)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return MultiFernet([_fernet(key) for key in keys])


def _cipher() -> MultiFernet:
    """The cipher of the keys in force, built once per setting (an import or an export encrypts
    or decrypts two values a row: parsing the setting each time would cost as much again)."""
    return _multi_fernet(_configured_keys())


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
    return hmac.digest(_index_key(field_index_key()), value.encode(), "sha256").hex()


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


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value such as a phone number: ``max_length`` bounds the plain value
    (the column is text, since a token is far longer) and forms edit it in a one-line input."""

    description = "Short text encrypted at rest with Fernet"

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """A JSON value stored encrypted: Python code sees what a ``JSONField`` gives (dicts, lists,
    strings, numbers), the column holds the token of its JSON text. It cannot be queried by its
    content (no ``field__key`` lookups); ``None`` is SQL NULL, as in a ``JSONField``."""

    description = "JSON encrypted at rest with Fernet"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return json.loads(decrypt(value)) if value else value

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return json.loads(decrypt(value))
        return value

    def get_prep_value(self, value):
        value = models.Field.get_prep_value(self, value)
        if value is None:
            return None
        return encrypt(json.dumps(value))

    def value_to_string(self, obj):
        """The value itself, as ``JSONField`` gives it to the serialisers (not its ``str``)."""
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class BlindIndexField(models.CharField):
    """The :func:`blind_index` of the field ``source`` of the same model, normalised by
    ``normalise``; recomputed whenever the row is saved or bulk-created, never edited."""

    description = "Blind index of another field"

    def __init__(
        self,
        *args,
        source: str,
        normalise: Callable[[str], str] | None = None,
        **kwargs,
    ):
        self.source = source
        self.normalise = normalise
        kwargs.update(max_length=64, blank=True, default="", editable=False, db_index=True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "blank", "default", "editable", "db_index"):
            kwargs.pop(fixed, None)
        kwargs["source"] = self.source
        if self.normalise is not None:
            kwargs["normalise"] = self.normalise
        return name, path, args, kwargs

    def index_of(self, value: str | None) -> str:
        """The index of a plain ``value`` of the source field."""
        value = value or ""
        return blind_index(self.normalise(value) if self.normalise else value)

    def lookup(self, value: str | None) -> Q:
        """A filter matching the rows whose source field is exactly ``value`` (none for "")."""
        index = self.index_of(value)
        return Q(**{self.name: index}) if index else Q(pk__in=[])

    def pre_save(self, model_instance, add):
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class BlindIndexedModel(models.Model):
    """A model with :class:`BlindIndexField` s: a save limited by ``update_fields`` that writes a
    source field writes its index too (else the index would keep the old value's)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            update_fields |= {
                field.name
                for field in self._meta.concrete_fields
                if isinstance(field, BlindIndexField) and field.source in update_fields
            }
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)


def plaintext_column_encrypt(
    *,
    connection,
    table: str,
    column: str,
    index_column: str | None = None,
    normalise: Callable[[str], str] | None = None,
    batch_size: int = 500,
) -> int:
    """Encrypt in place the plain values of ``table.column`` and, when given, fill
    ``index_column`` with their blind index (of the value ``normalise`` d); returns the rows
    rewritten. For the data migration that makes a column encrypted: raw SQL, since the
    encrypted field cannot read a plain value. Values already encrypted are left alone, so
    running it again does nothing."""
    quote = connection.ops.quote_name
    select = (
        f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - quoted names
        f"WHERE id > %s AND {quote(column)} <> '' AND {quote(column)} NOT LIKE %s "
        f"ORDER BY id LIMIT {int(batch_size)}"
    )
    if index_column:
        update = (
            f"UPDATE {quote(table)} SET {quote(column)} = %s, "  # noqa: S608 - quoted names
            f"{quote(index_column)} = %s WHERE id = %s"
        )
    else:
        update = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s"  # noqa: S608

    def rewritten(value: str) -> tuple[str, ...]:
        if not index_column:
            return (encrypt(value),)
        return (encrypt(value), blind_index(normalise(value) if normalise else value))

    last, count = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last, TOKEN_PREFIX + "%"])
            rows = cursor.fetchall()
            if not rows:
                return count
            cursor.executemany(
                update,
                [(*rewritten(value), pk) for pk, value in rows],
            )
            count += len(rows)
            last = rows[-1][0]


def plaintext_column_decrypt(*, connection, table: str, column: str, batch_size: int = 500) -> int:
    """The reverse of :func:`plaintext_column_encrypt`: decrypt ``table.column`` in place."""
    quote = connection.ops.quote_name
    select = (
        f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - quoted names
        f"WHERE id > %s AND {quote(column)} LIKE %s ORDER BY id LIMIT {int(batch_size)}"
    )
    update = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s"  # noqa: S608
    last, count = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last, TOKEN_PREFIX + "%"])
            rows = cursor.fetchall()
            if not rows:
                return count
            cursor.executemany(update, [(decrypt(token), pk) for pk, token in rows])
            count += len(rows)
            last = rows[-1][0]
