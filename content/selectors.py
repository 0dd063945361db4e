"""Reads for the portal: the home page's modules and search."""

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from content.visibility import exclude_hidden_pages

HOME_ITEMS_PER_SECTION = 6


def home_sections(*, home: Page, user) -> list[dict]:
    """Each live section under ``home`` with its newest articles the user may read.

    One query for the sections and one per section for its articles, whatever the page size.
    """
    sections = []
    for section in home.get_children().live().public().specific().order_by("path"):
        model = getattr(section, "article_model", None)
        if model is None:
            continue
        articles = exclude_hidden_pages(
            model.objects.live().public().descendant_of(section), user=user
        ).order_by("-date", "-pk")[:HOME_ITEMS_PER_SECTION]
        sections.append(
            {"page": section, "articles": list(articles), "type": type(section).__name__}
        )
    return sections


def page_search(*, query: str, user=None):
    """Live pages matching ``query`` that ``user`` may read, best match first."""
    user = user or AnonymousUser()
    return exclude_hidden_pages(Page.objects.live().public(), user=user).specific().search(query)
