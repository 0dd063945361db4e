"""Writes to the organisation tree: create, update, move and delete.

Nesting rules (docs/domain.md §1) and scope (the actor may only touch their own subtree) are
enforced here, so the admin, the API and the commands all refuse the same things.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partybuild.models import Organisation, OrganisationType
from partybuild.models.organisations import ALLOWED_PARENT_TYPES
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.selectors.roles import user_scope_paths
from partybuild.signals import organisation_deleting

ORGANISATION_EDITABLE_FIELDS = (
    "name",
    "org_type",
    "code",
    "leader_name",
    "contact_phone",
    "unit_party_status",
    "is_village_or_community",
    "sort_order",
    "founded_on",
    "term_start",
    "term_end",
    "remarks",
)


def _type_label(org_type: str | None) -> str:
    return str(OrganisationType(org_type).label) if org_type else _("顶级")


def organisation_validate_nesting(
    *, org_type: str, parent: Organisation | None, field: str = "parent"
) -> None:
    """Raise a ValidationError on ``field`` unless ``org_type`` may sit under ``parent`` (§1)."""
    parent_type = parent.org_type if parent else None
    allowed = ALLOWED_PARENT_TYPES[org_type]
    if parent_type in allowed:
        return
    allowed_labels = "、".join(_type_label(t) for t in allowed if t) or _("无")
    if parent is None:
        message = _("%(type)s不能作为顶级组织，只能设在%(allowed)s之下。")
    else:
        message = _("%(type)s不能设在%(parent_type)s「%(parent)s」之下，只能设在%(allowed)s之下。")
    raise ValidationError(
        {
            field: ValidationError(
                message,
                code="invalid_nesting",
                params={
                    "type": _type_label(org_type),
                    "parent_type": _type_label(parent_type),
                    "parent": str(parent) if parent else "",
                    "allowed": allowed_labels,
                },
            )
        }
    )


def _check_actor_may_place_under(*, actor, parent: Organisation | None) -> None:
    if actor is None:  # management commands and data loading act as the system
        return
    if parent is None:
        if not actor.is_superuser:
            raise PermissionDenied(_("只有系统管理员可以创建或移动顶级党组织。"))
        return
    if not organisation_is_in_scope(user=actor, organisation=parent):
        raise PermissionDenied(_("您无权管理该上级党组织。"))


def _check_actor_may_change(*, actor, organisation: Organisation) -> None:
    if actor is not None and not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("您无权管理该党组织。"))


def _validate_children_fit(*, organisation: Organisation, new_type: str) -> None:
    for child_type in organisation.get_children().values_list("org_type", flat=True).distinct():
        if new_type not in ALLOWED_PARENT_TYPES[child_type]:
            raise ValidationError(
                {
                    "org_type": ValidationError(
                        _("该组织下设有%(child)s，不能改为%(type)s。"),
                        code="invalid_nesting_children",
                        params={"child": _type_label(child_type), "type": _type_label(new_type)},
                    )
                }
            )


@transaction.atomic
def organisation_create(
    *, parent: Organisation | None, actor: Any | None, **fields: Any
) -> Organisation:
    """Create an organisation under ``parent`` (or at the top when ``parent`` is None)."""
    _check_actor_may_place_under(actor=actor, parent=parent)
    organisation = Organisation(**fields)
    organisation_validate_nesting(org_type=organisation.org_type, parent=parent)
    # path/depth are assigned by treebeard on insertion.
    organisation.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organisation.add_root(instance=organisation)
    parent = Organisation.objects.select_for_update().get(pk=parent.pk)
    return parent.add_child(instance=organisation)


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: Any | None, data: dict[str, Any]
) -> Organisation:
    """Update an organisation's own fields; its place in the tree changes only by moving."""
    _check_actor_may_change(actor=actor, organisation=organisation)
    unknown = set(data) - set(ORGANISATION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old_sort_key = (organisation.sort_order, organisation.code)
    old_type = organisation.org_type
    for field, value in data.items():
        setattr(organisation, field, value)
    if organisation.org_type != old_type:
        organisation_validate_nesting(
            org_type=organisation.org_type, parent=organisation.get_parent(), field="org_type"
        )
        _validate_children_fit(organisation=organisation, new_type=organisation.org_type)
    organisation.full_clean(exclude=["path", "depth", "numchild"])
    organisation.save()
    if (organisation.sort_order, organisation.code) != old_sort_key:
        _reposition_among_siblings(organisation)
        organisation.refresh_from_db()
    return organisation


def _reposition_among_siblings(organisation: Organisation) -> None:
    """Put a node back in ``node_order_by`` order after its sort key changed."""
    parent = organisation.get_parent(update=True)
    if parent is not None:
        organisation.move(parent, pos="sorted-child")
        return
    other_root = Organisation.get_root_nodes().exclude(pk=organisation.pk).first()
    if other_root is not None:
        organisation.move(other_root, pos="sorted-sibling")


@transaction.atomic
def organisation_move(
    *, organisation: Organisation, new_parent: Organisation | None, actor: Any | None
) -> Organisation:
    """Move an organisation with its whole subtree under ``new_parent``."""
    _check_actor_may_change(actor=actor, organisation=organisation)
    _check_actor_may_place_under(actor=actor, parent=new_parent)
    if (
        actor is not None
        and not actor.is_superuser
        and organisation.path in (user_scope_paths(user=actor) or [])
    ):
        raise PermissionDenied(_("不能移动您自己管理范围的最上级组织。"))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if new_parent is not None:
        new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(organisation.path):
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _("不能把党组织移动到它自己或它的下级组织之下。"), code="move_into_self"
                    )
                }
            )
    organisation_validate_nesting(org_type=organisation.org_type, parent=new_parent)
    current_parent = organisation.get_parent(update=True)
    if (current_parent and current_parent.pk) == (new_parent and new_parent.pk):
        return organisation
    if new_parent is None:
        first_root = Organisation.get_first_root_node()
        organisation.move(first_root, pos="sorted-sibling")
    else:
        organisation.move(new_parent, pos="sorted-child")
    organisation.refresh_from_db()
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor: Any | AnonymousUser | None) -> None:
    """Delete an organisation that has no children, members or administrator accounts."""
    _check_actor_may_change(actor=actor, organisation=organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    reasons = []
    if organisation.get_children_count():
        reasons.append(_("还有%(count)d个下级组织") % {"count": organisation.get_children_count()})
    member_count = organisation.members.count()
    if member_count:
        reasons.append(_("还有%(count)d名党员") % {"count": member_count})
    admin_count = len(
        set(organisation.role_assignments.values_list("user_id", flat=True))
        | set(organisation.administrators.values_list("pk", flat=True))
    )
    if admin_count:
        reasons.append(_("还有%(count)d个管理员账号") % {"count": admin_count})
    if reasons:
        raise ValidationError(
            _("不能删除党组织「%(name)s」：%(reasons)s。请先转移或删除后再试。"),
            code="organisation_not_empty",
            params={"name": organisation.name, "reasons": "，".join(reasons)},
        )
    organisation_deleting.send(sender=Organisation, organisation=organisation)
    organisation.delete()
