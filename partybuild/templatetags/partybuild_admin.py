"""Template filters of the admin's overridden Wagtail templates (templates/wagtailadmin,
templates/wagtailusers)."""

from django import template
from wagtail.models import PAGE_PERMISSION_TYPES

register = template.Library()


@register.filter
def page_permission_label(codename: str, default: str = "") -> str:
    """A page permission's description in the admin's language ("publish_page": 发布任何页面),
    from Wagtail's translated list rather than the permission's stored English name."""
    for action, _label, description in PAGE_PERMISSION_TYPES:
        if str(codename).startswith(f"{action}_") and "_" not in str(codename)[len(action) + 1 :]:
            return str(description)
    return default
