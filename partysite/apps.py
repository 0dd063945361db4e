"""The project package as a Django app, for its management commands (``app_openapi``)."""

from django.apps import AppConfig


class PartysiteConfig(AppConfig):
    """partysite: settings, URL map, the two APIs' assembly and the member app's shell."""

    name = "partysite"
    verbose_name = "智慧党建"
