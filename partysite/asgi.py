"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings.production")

application = get_asgi_application()

# Imported once Django is set up: production refuses to serve with a weak setup or while a
# superuser is active (partybuild/startup.py).
from partybuild.startup import startup_checks  # noqa: E402

startup_checks()
