"""Mixins that confine the generic admin views to the user's organisation subtree."""

from django.http import Http404

from partybuild.selectors.organisations import organisation_is_in_scope


class ScopedObjectMixin:
    """Answer 404 for an object the user may not see (``object_in_scope(obj)`` is false), so its
    existence is not revealed."""

    def object_in_scope(self, obj) -> bool:
        raise NotImplementedError

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.object_in_scope(obj):
            raise Http404
        return obj


class OrganisationScopedObjectMixin(ScopedObjectMixin):
    """Answer 404 for an object outside the user's subtree, so its existence is not revealed.

    The object's organisation is found by ``scope_organisation(obj)``.
    """

    def scope_organisation(self, obj):
        return obj.organisation

    def object_in_scope(self, obj) -> bool:
        return organisation_is_in_scope(
            user=self.request.user, organisation=self.scope_organisation(obj)
        )
