"""Who may read a 制度建设 or 事务公开 page; one place for the portal, search and the API.

- 公开 (public): everyone, including the v2 content API.
- 登录党员 (members): any logged-in account.
- 本组织及下级组织党员 (subtree): members of the page's organisation or of an organisation
  below it, and administrators of that organisation or of one above it.
Restricted pages never appear in the v2 API, which is public and cacheable.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.models import Page

from content.models.organisation_pages import (
    DisclosurePage,
    OrganisationArticlePage,
    RegulationPage,
    Visibility,
)
from partybuild.models import Organisation, User
from partybuild.selectors.roles import paths_q, user_scope_paths

RESTRICTED_MODELS: tuple[type[OrganisationArticlePage], ...] = (RegulationPage, DisclosurePage)


def _member_organisation_path(user) -> str | None:
    member = getattr(user, "member", None) if user.is_authenticated else None
    return member.organisation.path if member is not None else None


def _ancestor_paths(path: str) -> list[str]:
    """The paths of an organisation and all its ancestors (materialised-path prefixes)."""
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def visibility_filter(*, user: User | AnonymousUser) -> Q:
    """A Q over an OrganisationArticlePage queryset selecting what ``user`` may read."""
    if not user.is_authenticated or not user.is_active:
        return Q(visibility=Visibility.PUBLIC)
    if user.is_superuser:
        return Q()
    allowed = Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
    member_path = _member_organisation_path(user)
    if member_path:
        allowed |= Q(
            visibility=Visibility.SUBTREE, organisation__path__in=_ancestor_paths(member_path)
        )
    paths = user_scope_paths(user=user)
    if paths:
        allowed |= Q(visibility=Visibility.SUBTREE) & paths_q(paths, "organisation")
    return allowed


def visible_pages(queryset: QuerySet, *, user: User | AnonymousUser) -> QuerySet:
    """Filter a queryset of one OrganisationArticlePage model to what ``user`` may read."""
    return queryset.filter(visibility_filter(user=user))


def page_is_visible(page: Page, *, user: User | AnonymousUser) -> bool:
    """Whether ``user`` may read ``page`` (pages without a visibility are public)."""
    if not isinstance(page, OrganisationArticlePage) or page.visibility == Visibility.PUBLIC:
        return True
    return type(page).objects.filter(pk=page.pk).filter(visibility_filter(user=user)).exists()


def exclude_hidden_pages(queryset: QuerySet, *, user: User | AnonymousUser) -> QuerySet:
    """Remove from a mixed-type page queryset the restricted pages ``user`` may not read.

    Uses one subquery per restricted model, so the cost does not grow with their number.
    """
    for model in RESTRICTED_MODELS:
        hidden = (
            model.objects.exclude(visibility=Visibility.PUBLIC)
            .exclude(visibility_filter(user=user))
            .values("pk")
        )
        queryset = queryset.exclude(pk__in=hidden)
    return queryset


def public_page_queryset() -> QuerySet:
    """Live, unrestricted pages: what the public v2 API and anonymous visitors may see."""
    return exclude_hidden_pages(Page.objects.live().public(), user=AnonymousUser())
