"""System checks of the project's own settings."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

from partybuild.services.transfers import LETTER_VALID_DAYS


@register()
def private_media_is_not_public(app_configs=None, **kwargs) -> list[Error]:
    """Private files must not lie where the web server or whitenoise serves files publicly."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Keep the register's private files outside every publicly served folder.",
                    id="partybuild.E001",
                )
            )
    return errors


@register()
def transfer_letter_validity_is_positive(app_configs=None, **kwargs) -> list[Error]:
    """A transfer letter's validity (TRANSFER_LETTER_VALID_DAYS, docs/domain.md §6) is a
    positive number of days."""
    days = getattr(settings, "TRANSFER_LETTER_VALID_DAYS", LETTER_VALID_DAYS)
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        return []
    return [
        Error(
            f"TRANSFER_LETTER_VALID_DAYS must be a positive whole number of days, not {days!r}.",
            hint=f"The default is {LETTER_VALID_DAYS} days (docs/domain.md §6).",
            id="partybuild.E002",
        )
    ]


@register()
def audit_retention_is_long_enough(app_configs=None, **kwargs) -> list[Error]:
    """Security events stay at least 180 days before they may be archived
    (AUDIT_RETENTION_DAYS, docs/domain.md §7; GB/T 22239-2019 asks six months)."""
    from partybuild.services.security_events import AUDIT_RETENTION_MIN_DAYS

    days = getattr(settings, "AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS)
    if isinstance(days, int) and not isinstance(days, bool) and days >= AUDIT_RETENTION_MIN_DAYS:
        return []
    return [
        Error(
            f"AUDIT_RETENTION_DAYS must be a whole number of at least {AUDIT_RETENTION_MIN_DAYS} "
            f"days, not {days!r}.",
            hint="Security audit records are kept at least six months (docs/domain.md §7).",
            id="partybuild.E003",
        )
    ]
