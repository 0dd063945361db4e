"""The one masking function for personal identifiers (docs/domain.md §2, docs/architecture.md).

Admin pages, API responses and exports all call :func:`mask_identifier`; nothing else masks.
"""

from typing import Literal

IdentifierKind = Literal["id_number", "mobile"]


def mask_identifier(value: str | None, *, kind: IdentifierKind) -> str:
    """Mask an ID number or a mobile number for display.

    ID numbers keep at most the first 3 and last 4 characters, never the birth date
    (``110***********123X``); mobile numbers keep the first 3 and last 4 (``138****1234``).
    Values too short to mask safely are masked entirely.
    """
    if kind not in ("id_number", "mobile"):
        raise ValueError(f"unknown identifier kind: {kind}")
    if not value:
        return ""
    value = str(value)
    keep_head, keep_tail = 3, 4
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]
