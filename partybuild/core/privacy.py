"""The one masking function for personal identifiers (docs/domain.md §2, docs/architecture.md).

Admin pages, API responses and exports all call :func:`mask_identifier`; nothing else masks.
"""

from typing import Literal

from django.core.exceptions import ValidationError

from partybuild.core.validators import normalise_phone, validate_mobile

IdentifierKind = Literal["id_number", "mobile", "contact_phone"]


def mask_identifier(value: str | None, *, kind: IdentifierKind) -> str:
    """Mask an ID number or a mobile number for display.

    ID numbers keep at most the first 3 and last 4 characters, never the birth date
    (``110***********123X``); mobile numbers keep the first 3 and last 4 (``138****1234``).
    Values too short to mask safely are masked entirely. An organisation's 联系方式
    (``contact_phone``) is masked when it is a mobile number, a person's; a landline is an
    office number and shows as it is.
    """
    if kind not in ("id_number", "mobile", "contact_phone"):
        raise ValueError(f"unknown identifier kind: {kind}")
    if not value:
        return ""
    value = str(value)
    if kind == "contact_phone":
        try:
            validate_mobile(value)
        except ValidationError:
            return value
    keep_head, keep_tail = 3, 4
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def mask_typed_account(value: str) -> str:
    """An account name as someone typed it (sign-in, 忘记密码) for the audit trail: a mobile
    number (spaces and hyphens ignored) masked, anything else as typed."""
    phone = normalise_phone(value)
    try:
        validate_mobile(phone)
    except ValidationError:
        return value
    return mask_identifier(phone, kind="mobile")
