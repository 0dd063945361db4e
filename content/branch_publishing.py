"""Branches publish too (issue 17 item 8): the scope of a notice or dynamic written in an
organisation's 通知公告 or 党建动态 folder.

Who may write in a folder is decided by the page permissions of the organisation's 编辑 group
(content/branch_subtrees.py, membership from role assignments in content/role_groups.py); what
such an article may address is decided here: only the folder's organisation and the
organisations below it, and that organisation itself when none is chosen.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.models import Organisation

TARGETS_FIELD = "target_organisations"


def folder_target_choices(*, organisation: Organisation) -> QuerySet[Organisation]:
    """What the picker of an article in ``organisation``'s folder offers: its subtree."""
    return Organisation.objects.filter(path__startswith=organisation.path).order_by("path")


def folder_targets_clean(
    *, organisation: Organisation, targets: list[Organisation]
) -> list[Organisation]:
    """The organisations an article in ``organisation``'s folder addresses: ``targets`` when
    all lie in ``organisation``'s subtree, ``[organisation]`` when none is chosen; refused
    (code ``target_outside_scope``) when one lies outside."""
    outside = [target for target in targets if not target.path.startswith(organisation.path)]
    if outside:
        refuse(
            TARGETS_FIELD,
            _(
                "「%(organisation)s」栏目中的内容只能面向本组织及下级组织，「%(names)s」不在此范围内。"
            ),
            "target_outside_scope",
            organisation=organisation.name,
            names="、".join(target.name for target in outside),
        )
    return targets or [organisation]
