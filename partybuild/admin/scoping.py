"""Mixins that confine the generic admin views to the user's organisation subtree."""

from django.http import Http404

from partybuild.selectors.organisations import organisation_is_in_scope


class OrganisationScopedObjectMixin:
    """Answer 404 for an object outside the user's subtree, so its existence is not revealed.

    The object's organisation is found by ``scope_organisation(obj)``.
    """

    def scope_organisation(self, obj):
        return obj.organisation

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not organisation_is_in_scope(
            user=self.request.user, organisation=self.scope_organisation(obj)
        ):
            raise Http404
        return obj
