"""Refusals: how a service names the field, the reason and the stable code of what it refuses,
and how a form shows such a refusal where the person entered the value.

Services raise ``django.core.exceptions.ValidationError`` keyed by field (``refuse``); the admin,
the portal and the app API all turn it into errors on their own fields with
``add_service_errors`` (forms) or ``partysite.api`` (JSON), so the person reads the same Chinese
message and a program sees the same code everywhere.
"""

from collections.abc import Mapping
from typing import Any, NoReturn

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def field_error(field: str, message: Any, code: str, **params: Any) -> ValidationError:
    """A ValidationError on ``field`` with a stable ``code`` (``params`` fill the message)."""
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def refuse(field: str, message: Any, code: str, **params: Any) -> NoReturn:
    """Raise ``field_error``: the service refuses the value of ``field``."""
    raise field_error(field, message, code, **params)


def required_text(
    value: str | None,
    *,
    field: str,
    label: Any = None,
    max_length: int | None = None,
    message: Any = None,
    code: str | None = None,
) -> str:
    """``value`` stripped, refused when empty (``message`` or 「请填写<label>。」, code
    ``<field>_required`` unless given) or longer than ``max_length`` (``<field>_too_long``)."""
    value = (value or "").strip()
    if not value:
        refuse(
            field,
            message if message is not None else _("请填写%(label)s。") % {"label": label},
            code or f"{field}_required",
        )
    if max_length is not None and len(value) > max_length:
        refuse(
            field,
            _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length},
            f"{field}_too_long",
        )
    return value


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to ``form``: each field's errors on that field when the
    form has it (``field_map`` renames the service's field to the form's), else above the form.

    A plain ValidationError (no field) goes above the form too, so no refusal is ever lost.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        field = (field_map or {}).get(field, field)
        form.add_error(field if field in form.fields else None, field_errors)


class RateLimited(Exception):
    """An action refused for being tried too often (partybuild.services.ratelimit): the app API
    answers 429 with ``Retry-After: seconds`` and ``code`` (partysite/apis.py), the portal shows
    ``message``."""

    def __init__(self, message: Any, *, seconds: int, code: str = "rate_limited") -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.seconds = seconds
        self.code = code
