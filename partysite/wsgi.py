"""WSGI entry point (gunicorn partysite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings.production")

application = get_wsgi_application()

# Imported once Django is set up: production refuses to serve while a superuser is active.
from partybuild.startup import refuse_active_superuser  # noqa: E402

refuse_active_superuser()
