"""Who may use the 党建督查 admin: any active account that administers an organisation (and
superusers). What they see is then confined to their subtree by the selectors, and which side
of an assignment may act is decided by partybuild.services.supervision."""

from wagtail.permission_policies import ModelPermissionPolicy


def user_administers(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.administered_organisation_id)
    )


class AdministratorPermissionPolicy(ModelPermissionPolicy):
    """Every action for organisation administrators, none for anyone else."""

    def user_has_permission(self, user, action):
        return user_administers(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return user_administers(user)
