"""Reads of 意见建议 and of the 便民服务 site setting."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from wagtail.models import Site

from partybuild.memberservices.models import MemberServiceSettings, Suggestion
from partybuild.models import User
from partybuild.selectors.organisations import organisation_scope_for_user


def member_service_settings() -> MemberServiceSettings:
    """The setting of the default Site (an unsaved one with the defaults if there is none)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return MemberServiceSettings()
    return MemberServiceSettings.for_site(site)


def suggestion_scope_for_user(*, user: User | AnonymousUser) -> QuerySet[Suggestion]:
    """Suggestions of the organisations the user administers."""
    return Suggestion.objects.filter(organisation__in=organisation_scope_for_user(user=user))


def suggestion_list_managed(
    *, user: User | AnonymousUser, status: str | None = None
) -> QuerySet[Suggestion]:
    """The administrators' list, newest day first (anonymous suggestions keep only the day),
    then newest entry first, with what the listing shows."""
    queryset = suggestion_scope_for_user(user=user).select_related(
        "organisation", "submitter", "replied_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(*Suggestion._meta.ordering)


def suggestion_list_mine(*, user: User) -> QuerySet[Suggestion]:
    """The user's own non-anonymous suggestions with their replies (anonymous ones are not
    linked to anybody, so nobody can list them as theirs)."""
    return (
        Suggestion.objects.filter(submitter=user, is_anonymous=False)
        .select_related("organisation", "replied_by")
        .order_by(*Suggestion._meta.ordering)
    )
