"""The permission policy of the registers that every organisation administrator works in
(党建督查, 意见建议, 书记信箱, 留言板): any active account that administers an organisation, and
superusers. What they see is then confined to their subtree by each register's selectors, and
who may act on a row (e.g. which side of a supervision assignment) by its services."""

from wagtail.permission_policies import ModelPermissionPolicy


def user_administers(user) -> bool:
    """Whether ``user`` is an active superuser or administers an organisation."""
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
