"""System checks of the project's own settings."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


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
