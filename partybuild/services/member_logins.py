"""Logins for members (党员登录账号): accounts made from member dossiers, in one batch.

The account name rule: a member's account is ``dy`` and their dossier number in six digits
(``dy000123``) — never their 手机号码, which is stored only encrypted (docs/architecture.md,
"Personal data"). The account gets the member's phone number, and a member signs in with either:
a whole phone number stands for the one active account that has it (partybuild.auth_backends).
A batch is all or nothing: if any member of it is refused — already has an account, is not on the
roll, is outside the administrator's subtree, or would get an account name that exists already —
no account is made, and every refused member is named with the reason.

Each new account gets a one-time password (partybuild/services/passwords.py) that must be changed
at the first sign-in.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partybuild.models import Member, Organisation, User
from partybuild.selectors.members import member_scope_for_user
from partybuild.selectors.organisations import organisation_is_in_scope
from partybuild.services.audit import audit_record
from partybuild.services.passwords import IssuedPassword, password_deliver, password_issue

MEMBER_LOGIN_CREATE_ACTION = "partybuild.member_login.create"
#: The account name of a member: this prefix and the dossier number.
ACCOUNT_NAME_PREFIX = "dy"


def member_account_name(member: Member) -> str:
    """The account name a member's login gets (see the module's rule)."""
    return f"{ACCOUNT_NAME_PREFIX}{member.pk:06d}"


#: Making or resetting a member's login is editing the member register (党员管理·编辑): scope
#: alone (an editor's or an auditor's role) is not enough.
MEMBER_EDIT_PERMISSION = "partybuild.change_member"


def member_login_editor_require(*, actor: User) -> None:
    """Refuse (403) an actor without 党员管理·编辑 (superusers hold everything)."""
    if not (actor.is_superuser or actor.has_perm(MEMBER_EDIT_PERMISSION)):
        raise PermissionDenied(
            _("只有具有「党员管理·编辑」权限的管理员可以创建或重置党员的登录账号。")
        )


def _member_label(member: Member) -> str:
    return f"{member.name}（{member.organisation.name}）"


def member_logins_refusals(*, members: list[Member], actor: User) -> list[str]:
    """Why each member of the batch cannot get a login (empty when the batch may go ahead)."""
    in_scope = set(
        member_scope_for_user(user=actor)
        .filter(pk__in=[member.pk for member in members])
        .values_list("pk", flat=True)
    )
    names = {member.pk: member_account_name(member) for member in members}
    taken = set(
        User.objects.filter(username__in=set(names.values())).values_list("username", flat=True)
    )
    refusals = []
    for member in members:
        name = names[member.pk]
        if member.pk not in in_scope:
            reason = _("不在您管理的党组织范围内")
        elif member.user_id is not None:
            reason = _("已有登录账号")
        elif not member.is_on_roll:
            reason = _("已不在册")
        elif name in taken:
            reason = _("账号「%(name)s」已被其他账号使用") % {"name": name}
        else:
            continue
        refusals.append(
            _("%(member)s：%(reason)s") % {"member": _member_label(member), "reason": reason}
        )
    return refusals


@transaction.atomic
def member_logins_create(
    *, members: Iterable[Member], actor: User, by_sms: bool = False
) -> list[IssuedPassword]:
    """Make a login for each member (all or nothing, see the module), linked to the dossier, with
    a one-time password; returns the issued passwords in roster order, for the slip and the list
    (or sent by text message where asked and a mobile number is known)."""
    member_login_editor_require(actor=actor)
    members = sorted(
        Member.objects.select_related("organisation").filter(
            pk__in=[member.pk for member in members]
        ),
        key=lambda member: (member.organisation.path, member.name_sort_key, member.pk),
    )
    if not members:
        raise ValidationError(_("没有可以创建登录账号的党员。"), code="member_logins_empty")
    refusals = member_logins_refusals(members=members, actor=actor)
    if refusals:
        raise ValidationError(
            [ValidationError(refusal, code="member_login_refused") for refusal in refusals]
        )
    issued = []
    for member in members:
        account = User(
            username=member_account_name(member),
            name=member.name,
            phone=member.phone,
            gender=member.gender,
            birth_date=member.birth_date,
            organisation=member.organisation,
        )
        account.set_unusable_password()
        account.save()
        member.user = account
        member.save(update_fields=["user"])
        password = password_issue(account=account)
        audit_record(
            instance=account,
            action=MEMBER_LOGIN_CREATE_ACTION,
            actor=actor,
            data={"account": account.username, "member": member.pk, "batch_size": len(members)},
        )
        issued.append(IssuedPassword(account=account, password=password, member=member))
    return [password_deliver(issued=item, by_sms=by_sms) for item in issued]


def member_logins_create_for_organisation(
    *, organisation: Organisation, actor: User, by_sms: bool = False
) -> list[IssuedPassword]:
    """Logins for every member on the roll of ``organisation``'s subtree who has none yet (members
    with a login are left as they are); otherwise as :func:`member_logins_create`."""
    member_login_editor_require(actor=actor)
    if not organisation_is_in_scope(user=actor, organisation=organisation):
        raise PermissionDenied(_("只能为本人管理的党组织的党员创建登录账号。"))
    members = Member.objects.filter(
        organisation__path__startswith=organisation.path, is_on_roll=True, user__isnull=True
    )
    return member_logins_create(members=list(members), actor=actor, by_sms=by_sms)
