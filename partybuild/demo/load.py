"""Loading the specification's demo data; idempotent, so it is safe on every `make run`."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from partybuild.care.demo import demo_care_load
from partybuild.committees.demo import demo_committees_load
from partybuild.core.crypto import blind_index
from partybuild.demo import data as demo_data
from partybuild.demo import members as demo_members
from partybuild.dues.demo import demo_dues_load
from partybuild.dues.models import DuesAssessment
from partybuild.memberservices.demo.services import demo_services_load
from partybuild.memberservices.demo.wishes import demo_wishes_load
from partybuild.mobility.demo import demo_mobility_load
from partybuild.models import (
    Gender,
    Member,
    MemberCategory,
    MemberStanding,
    Organisation,
    OrganisationType,
    Role,
    RoleAssignment,
    Transfer,
    User,
)
from partybuild.orglife.demo import demo_meetings_load
from partybuild.recruitment.demo import demo_recruitment_load
from partybuild.representatives.demo import demo_representatives_load
from partybuild.services.organisations import organisation_create
from partybuild.services.transfers import transfer_start
from partybuild.supervision.demo import demo_supervision_load

#: Called after each stage with its label, how many rows it created and their unit (「个」,
#: 「名」): ``load_demo`` prints a line per stage, so the minute it takes is not silent.
DemoProgress = Callable[[str, int, str], None]


def _no_progress(label: str, count: int, unit: str) -> None:
    """The default DemoProgress: says nothing."""


@dataclass
class DemoLoadResult:
    """What a run created (empty lists on a second run)."""

    organisations: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    dues_members: int = 0
    transfers: int = 0
    candidates: int = 0
    supervision_tasks: int = 0
    member_services: int = 0
    wishes_and_experiences: int = 0
    meetings: int = 0
    representatives: int = 0
    committees: int = 0
    mobility: int = 0
    care: int = 0


@transaction.atomic
def demo_data_load(
    *, with_accounts: bool | None = None, progress: DemoProgress = _no_progress
) -> DemoLoadResult:
    """Create whatever demo rows are missing; existing rows are left untouched.

    Demo accounts are created only when ``with_accounts`` (default: ``settings.DEBUG``) is true.
    ``progress`` hears of each stage as it ends (what it created: 0 on a second run).
    """
    if with_accounts is None:
        with_accounts = settings.DEBUG
    result = DemoLoadResult()
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=_demo_codes())}
    for parent_code, fields in demo_data.DEMO_ORGANISATIONS:
        if fields["code"] in by_code:
            continue
        parent = by_code[parent_code] if parent_code else None
        if parent is not None:
            parent.refresh_from_db()  # treebeard needs the parent's current numchild
        by_code[fields["code"]] = organisation_create(parent=parent, actor=None, **fields)
        result.organisations.append(fields["name"])

    progress("党组织", len(result.organisations), "个")

    branch = by_code[demo_data.DEMO_MEMBER_ORGANISATION_CODE]
    result.members = _seed_members_load(branch=branch) + _generated_members_load(by_code=by_code)
    progress("党员", len(result.members), "名")

    if with_accounts:
        result.accounts = _demo_accounts_load(branch=branch)
        progress("演示账号", len(result.accounts), "个")
    result.dues_members = demo_dues_load()
    progress("党费（党员）", result.dues_members, "名")
    result.transfers = _transfer_load(by_code=by_code)
    progress("组织关系转接", result.transfers, "件")
    result.candidates = demo_recruitment_load()
    progress("发展党员", result.candidates, "名")
    result.committees = demo_committees_load(
        reminded_code=demo_data.DEMO_MEMBER_ORGANISATION_CODE,
        secretary_name=demo_data.DEMO_BRANCH_ADMIN["name"],
    )
    progress("班子成员", result.committees, "届")
    result.meetings = demo_meetings_load()
    progress("三会一课", result.meetings, "次")
    result.supervision_tasks = demo_supervision_load()
    progress("党建督查", result.supervision_tasks, "项")
    result.member_services = demo_services_load(with_accounts=with_accounts)
    progress("意见建议、书记信箱与留言", result.member_services, "条")
    result.wishes_and_experiences = demo_wishes_load(
        branch_code=demo_data.DEMO_MEMBER_ORGANISATION_CODE
    )
    progress("微心愿与微心得", result.wishes_and_experiences, "条")
    result.representatives = demo_representatives_load()
    progress("党代表", result.representatives, "名")
    result.mobility = demo_mobility_load()
    progress("流动党员", result.mobility, "条")
    result.care = demo_care_load()
    progress("党内关怀", result.care, "条")
    return result


def _transfer_load(*, by_code: dict[str, Organisation]) -> int:
    """A letter on its way (docs/domain.md §6): a paid-up member of a generated branch moving to
    another demo branch, valid for TRANSFER_LETTER_VALID_DAYS from today, its 党费交至 computed
    from the member's dues records. Nothing when a transfer exists."""
    if Transfer.objects.exists():
        return 0
    seed_branch = by_code[demo_data.DEMO_MEMBER_ORGANISATION_CODE]
    branches = [o for o in by_code.values() if o.org_type == OrganisationType.BRANCH]
    owing = DuesAssessment.objects.filter(paid_amount__lt=F("amount_due"))
    members = (
        Member.objects.filter(organisation__in=branches, is_on_roll=True)
        .exclude(organisation=seed_branch)
        .exclude(pk__in=owing.values("member_id"))
        .select_related("organisation")
        .order_by("pk")
    )
    member = members.first()
    target = next((b for b in branches if member and b.pk != member.organisation_id), None)
    if member is None or target is None:
        return 0
    transfer_start(
        member=member,
        to_organisation=target,
        actor=None,
        reason="工作调动",
        letter_number=f"组转字〔{timezone.localdate():%Y}〕1号",
        left_on=timezone.localdate(),
    )
    return 1


def _seed_members_load(*, branch: Organisation) -> list[str]:
    """The seed's 8 members (1.2.3), completed with invented but consistent dossier fields."""
    created = []
    existing = set(Member.objects.filter(organisation=branch).values_list("name", flat=True))
    for sequence, row in enumerate(demo_data.DEMO_MEMBERS, start=1):
        if row["name"] in existing:
            continue
        details = demo_members.seed_member_fields(row["name"], sequence)
        id_number = details.pop("id_number")
        member = Member(
            organisation=branch,
            gender=Gender.MALE,
            category=MemberCategory.FULL,
            standing=MemberStanding.NORMAL,
            **row,
            **details,
        )
        member.id_number = id_number
        member.full_clean()
        member.save()
        created.append(member.name)
    return created


def _generated_members_load(*, by_code: dict[str, Organisation]) -> list[str]:
    """Generated members spread over the demo branches; skipped if their ID number exists."""
    branch_codes = sorted(code for code, org in by_code.items() if org.org_type == "branch")
    rows = demo_members.generated_members(branch_codes)
    indexes = {blind_index(row["id_number"]) for row in rows}
    existing = set(
        Member.objects.filter(id_number_index__in=indexes).values_list("id_number_index", flat=True)
    )
    created = []
    for row in rows:
        row = dict(row)
        if blind_index(row["id_number"]) in existing:
            continue
        id_number = row.pop("id_number")
        member = Member(organisation=by_code[row.pop("organisation_code")], **row)
        member.id_number = id_number
        member.full_clean()
        member.save()
        created.append(member.name)
    return created


def _demo_codes() -> list[str]:
    return [fields["code"] for _, fields in demo_data.DEMO_ORGANISATIONS]


def _demo_accounts_load(*, branch: Organisation) -> list[str]:
    created = []
    superuser = demo_data.DEMO_SUPERUSER
    if not User.objects.filter(username=superuser["username"]).exists():
        User.objects.create_superuser(password=demo_data.DEMO_PASSWORD, **superuser)
        created.append(superuser["username"])

    top = branch.get_root()
    for separated in demo_data.DEMO_SEPARATED_ADMINS:
        if User.objects.filter(username=separated["username"]).exists():
            continue
        user = User.objects.create_user(
            username=separated["username"],
            name=separated["name"],
            organisation=top,
            password=demo_data.DEMO_PASSWORD,
        )
        RoleAssignment.objects.create(
            user=user, role=Role.objects.get(code=separated["role"]), organisation=top
        )
        created.append(user.username)

    branch_admin = demo_data.DEMO_BRANCH_ADMIN
    if not User.objects.filter(username=branch_admin["username"]).exists():
        user = User.objects.create_user(
            username=branch_admin["username"],
            name=branch_admin["name"],
            organisation=branch,
            password=demo_data.DEMO_PASSWORD,
        )
        # 党组织管理员 of the branch (a built-in role, migration 0023_roles).
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.objects.get(code=demo_data.DEMO_ADMIN_ROLE), organisation=branch
        )
        member = Member.objects.filter(organisation=branch, name=branch_admin["name"]).first()
        if member is not None and member.user_id is None:
            member.user = user
            member.save(update_fields=["user"])
        created.append(user.username)

    member_login = demo_data.DEMO_MEMBER_LOGIN
    if not User.objects.filter(username=member_login["username"]).exists():
        member = (
            Member.objects.filter(organisation=branch, user__isnull=True, is_on_roll=True)
            .order_by("pk")
            .first()
        )
        if member is not None:
            user = User.objects.create_user(
                username=member_login["username"],
                name=member.name,
                phone=member.phone,
                organisation=member.organisation,
                password=demo_data.DEMO_PASSWORD,
            )
            member.user = user
            member.save(update_fields=["user"])
            created.append(user.username)
    return created
