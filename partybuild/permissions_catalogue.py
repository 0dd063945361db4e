"""The permission catalogue (权限设置): every permission an administrator can give a role, in
plain Chinese by area, each mapped to the Django permissions the code checks (``has_perm`` and the
admin's permission policies).

A role holds an entry when it holds every permission the entry maps to; the role form shows the
entries as grouped checkboxes and saves their permissions (partybuild.admin.roles).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CatalogueEntry:
    """One checkbox of 权限设置: a stable key, its label and the permissions (``app.codename``)."""

    key: str
    label: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueArea:
    """An area of the catalogue (党员管理, 党费, …) and its entries."""

    label: str
    entries: tuple[CatalogueEntry, ...]


def _entry(key: str, label, *permissions: str) -> CatalogueEntry:
    return CatalogueEntry(key=key, label=label, permissions=tuple(permissions))


CATALOGUE: tuple[CatalogueArea, ...] = (
    CatalogueArea(
        _("管理后台"),
        (_entry("admin.access", _("进入管理后台"), "wagtailadmin.access_admin"),),
    ),
    CatalogueArea(
        _("党组织管理"),
        (
            _entry("organisation.view", _("查看"), "partybuild.view_organisation"),
            _entry(
                "organisation.edit",
                _("编辑"),
                "partybuild.add_organisation",
                "partybuild.change_organisation",
                "partybuild.delete_organisation",
            ),
        ),
    ),
    CatalogueArea(
        _("党员管理"),
        (
            _entry(
                "member.view",
                _("查看"),
                "partybuild.view_member",
                "partybuild.view_memberchangerequest",
            ),
            _entry(
                "member.edit",
                _("编辑"),
                "partybuild.change_member",
                "partybuild.delete_member",
                "partybuild.change_memberchangerequest",
            ),
            _entry("member.exchange", _("导入导出"), "partybuild.add_member"),
            _entry("member.identity", _("查看完整身份信息"), "partybuild.view_full_identity"),
            _entry("transfer.view", _("查看组织关系转接"), "partybuild.view_transfer"),
            _entry(
                "transfer.edit",
                _("办理组织关系转接"),
                "partybuild.add_transfer",
                "partybuild.change_transfer",
            ),
        ),
    ),
    CatalogueArea(
        _("党费"),
        (
            _entry("dues.view", _("查看"), "dues.view_duesassessment", "dues.view_duespayment"),
            _entry(
                "dues.edit",
                _("登记缴纳与减免"),
                "dues.add_duespayment",
                "dues.change_duespayment",
                "dues.add_dueswaiver",
                "dues.change_dueswaiver",
            ),
            _entry("dues.rates", _("维护党费标准"), "dues.manage_dues_rates"),
        ),
    ),
    CatalogueArea(
        _("发展党员"),
        (
            _entry(
                "recruitment.view",
                _("查看"),
                "recruitment.view_candidate",
                "recruitment.view_candidatesubmission",
            ),
            _entry(
                "recruitment.edit",
                _("编辑"),
                "recruitment.add_candidate",
                "recruitment.change_candidate",
                "recruitment.change_candidatesubmission",
            ),
        ),
    ),
    CatalogueArea(
        _("三会一课"),
        (
            _entry("orglife.view", _("查看"), "orglife.view_meeting"),
            _entry("orglife.edit", _("编辑"), "orglife.add_meeting", "orglife.change_meeting"),
        ),
    ),
    CatalogueArea(
        _("班子成员与换届"),
        (
            _entry(
                "committees.view",
                _("查看"),
                "committees.view_committeeterm",
                "committees.view_reelection",
            ),
            _entry(
                "committees.edit",
                _("登记班子与办理换届"),
                "committees.add_committeeterm",
                "committees.change_committeeterm",
                "committees.add_reelection",
                "committees.change_reelection",
            ),
        ),
    ),
    CatalogueArea(
        _("督查"),
        (
            _entry(
                "supervision.view",
                _("查看"),
                "supervision.view_inspectiontask",
                "supervision.view_meetinginspection",
            ),
            _entry(
                "supervision.edit",
                _("下发与评定"),
                "supervision.add_inspectiontask",
                "supervision.change_inspectiontask",
                "supervision.change_meetinginspection",
            ),
        ),
    ),
    CatalogueArea(
        _("便民服务"),
        (
            _entry(
                "memberservices.view",
                _("查看"),
                "memberservices.view_microwish",
                "memberservices.view_suggestion",
                "memberservices.view_secretaryletter",
                "memberservices.view_boardpost",
                "memberservices.view_microexperience",
            ),
            _entry(
                "memberservices.edit",
                _("处理"),
                "memberservices.change_microwish",
                "memberservices.change_suggestion",
                "memberservices.change_secretaryletter",
                "memberservices.change_boardpost",
                "memberservices.change_microexperience",
                "memberservices.add_microwish",
            ),
        ),
    ),
    CatalogueArea(
        _("党代表"),
        (
            _entry(
                "representatives.view",
                _("查看"),
                "representatives.view_representative",
                "representatives.view_congress",
            ),
            _entry(
                "representatives.edit",
                _("登记与答复"),
                "representatives.add_representative",
                "representatives.change_representative",
                "representatives.add_congress",
                "representatives.change_congress",
            ),
        ),
    ),
    CatalogueArea(
        _("流动党员"),
        (
            _entry(
                "mobility.view",
                _("查看"),
                "mobility.view_mobileoutflow",
                "mobility.view_mobileinflow",
            ),
            _entry(
                "mobility.edit",
                _("登记与联系"),
                "mobility.add_mobileoutflow",
                "mobility.change_mobileoutflow",
                "mobility.add_mobileinflow",
                "mobility.change_mobileinflow",
            ),
        ),
    ),
    CatalogueArea(
        _("党内关怀"),
        (
            _entry("care.view", _("查看"), "care.view_hardshipmember", "care.view_carevisit"),
            _entry(
                "care.edit",
                _("登记与复核"),
                "care.add_hardshipmember",
                "care.change_hardshipmember",
                "care.add_carevisit",
            ),
        ),
    ),
    CatalogueArea(
        _("学习教育"),
        (
            _entry(
                "learning.view",
                _("查看"),
                "learning.view_course",
                "learning.view_questionbank",
                "learning.view_exam",
                "learning.view_examattempt",
            ),
            _entry(
                "learning.edit",
                _("管理课程与考试"),
                "learning.add_course",
                "learning.change_course",
                "learning.delete_course",
                "learning.add_questionbank",
                "learning.change_questionbank",
                "learning.delete_questionbank",
                "learning.add_exam",
                "learning.change_exam",
                "learning.delete_exam",
            ),
        ),
    ),
    CatalogueArea(
        _("内容"),
        (
            _entry("content.edit", _("编辑"), "partybuild.edit_content"),
            _entry("content.branch_review", _("支部审核"), "partybuild.review_branch_content"),
            _entry(
                "content.committee_review", _("党委审核"), "partybuild.review_committee_content"
            ),
        ),
    ),
    CatalogueArea(
        _("系统设置"),
        (
            _entry(
                "system.accounts",
                _("管理员管理"),
                "partybuild.view_user",
                "partybuild.add_user",
                "partybuild.change_user",
            ),
            _entry(
                "system.roles",
                _("角色管理与权限设置"),
                "partybuild.view_role",
                "partybuild.add_role",
                "partybuild.change_role",
                "partybuild.delete_role",
            ),
            _entry(
                "system.assignments",
                _("角色分配"),
                "partybuild.view_roleassignment",
                "partybuild.add_roleassignment",
                "partybuild.delete_roleassignment",
            ),
            _entry("system.security", _("安全策略"), "partybuild.manage_security_policy"),
        ),
    ),
    CatalogueArea(
        _("审计日志"),
        (_entry("audit.view", _("查看与导出"), "partybuild.view_audit_log"),),
    ),
)

#: Every entry by key.
ENTRIES: dict[str, CatalogueEntry] = {
    entry.key: entry for area in CATALOGUE for entry in area.entries
}


def catalogue_permissions(keys) -> set[str]:
    """The ``app.codename`` permissions of the catalogue entries ``keys``."""
    return {permission for key in keys for permission in ENTRIES[key].permissions}


def catalogue_entries_held(permissions: set[str]) -> list[str]:
    """The keys of the entries whose every permission is in ``permissions`` (``app.codename``)."""
    return [
        entry.key
        for entry in ENTRIES.values()
        if entry.permissions and set(entry.permissions) <= permissions
    ]


def permission_label(permission: str) -> str:
    """A Chinese label for ``app.codename``: its catalogue entry's 「area·entry」, else itself."""
    for area in CATALOGUE:
        for entry in area.entries:
            if permission in entry.permissions:
                return f"{area.label}·{entry.label}"
    return permission


@dataclass(frozen=True)
class BuiltinRole:
    """A role the system ships (created by migration 0023_roles)."""

    code: str
    name: str
    entries: tuple[str, ...]
    parent: str | None = None
    order: int = 0
    note: str = ""


_REGISTERS = (
    "organisation.view",
    "organisation.edit",
    "member.view",
    "member.edit",
    "member.exchange",
    "transfer.view",
    "transfer.edit",
    "dues.view",
    "dues.edit",
    "recruitment.view",
    "recruitment.edit",
    "orglife.view",
    "orglife.edit",
    "committees.view",
    "committees.edit",
    "supervision.view",
    "supervision.edit",
    "memberservices.view",
    "memberservices.edit",
    "representatives.view",
    "representatives.edit",
    "mobility.view",
    "mobility.edit",
    "care.view",
    "care.edit",
    "learning.view",
    "learning.edit",
)

#: The built-in roles: 三员分立's three (system, security, audit) and the demo's four.
BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole(
        "system_admin",
        "系统管理员",
        ("admin.access", "system.accounts", "organisation.view", "organisation.edit", "dues.rates"),
        order=1,
        note="三员分立：账号、党组织与系统配置；不含审计日志与完整身份信息。",
    ),
    BuiltinRole(
        "security_admin",
        "安全管理员",
        ("admin.access", "system.roles", "system.assignments", "system.security"),
        order=2,
        note="三员分立：角色、权限与安全策略（密码规则、锁定、双因素认证）。",
    ),
    BuiltinRole(
        "audit_admin",
        "审计管理员",
        ("admin.access", "audit.view"),
        order=3,
        note="三员分立：只查看和导出审计日志。",
    ),
    BuiltinRole("org_admin", "党组织管理员", ("admin.access", *_REGISTERS), order=10),
    BuiltinRole(
        "branch_secretary",
        "支部书记",
        ("admin.access", "content.edit", "content.branch_review"),
        order=11,
        note="内容的支部审核（两级审核第一步）。",
    ),
    BuiltinRole(
        "editor",
        "编辑",
        ("admin.access", "content.edit"),
        parent="branch_secretary",
        order=12,
        note="在所辖党组织的栏目中撰写内容，提交审核。",
    ),
    BuiltinRole(
        "committee_reviewer",
        "党委审核员",
        ("admin.access", "content.edit", "content.committee_review"),
        order=13,
        note="内容的党委审核（两级审核第二步），可发布。",
    ),
)
