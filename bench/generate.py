"""The benchmark dataset: a county's party organisations at any size, written in bulk.

Shape, for ``members`` party members (``dataset_generate``; the same every run of a size):

- Organisations (``Organisation``, treebeard paths computed here, not ``add_child``): one 县委 at
  the top → 党委 (乡镇党委 and 系统党委), one per ~80 branches → 党总支, ~8 branches each →
  党支部 of ~30 members (20–40) → on every fourth branch, two 党小组 (which hold no members). At
  100,000 members: 3,334 branches, 5,460 organisations; at 1,000,000: ~55,000.
- Members: valid dossiers (a checked 18-digit ID number agreeing with birth date and sex, a
  mobile number, dates of joining and confirmation that ``Member.full_clean`` accepts), 62 % men,
  5 % 预备党员 who joined in the last year. ID and mobile numbers are encrypted and blind-indexed
  by the fields' own code (``partybuild.core.crypto``), names are ordinary ones
  (``partybuild.core.demo_names``).
- Accounts: every branch's first member is its 支部书记 with an account, and one member in 20
  has a member login. Two named accounts for the benchmarks, made through the services:
  ``bench_root`` (党组织管理员 of the 县委, no dossier) and ``bench_secretary`` (a member of the
  first branch, its 党组织管理员 and 支部书记).
- Dues: a profile per member (在职 60 % with a base income, 离退休 30 %, 农民 10 % with a fixed
  amount), the assessments of the 12 months before the current one (from the month of joining),
  paid by quarter (one payment and three allocations), the last quarter unpaid for one member
  in seven. The current month is left unassessed, for ``dues_assess``.
- 三会一课 over the same 12 months, per branch: 4 支部党员大会 and 4 党课 with every member of the
  branch as attendee (90 % attended), 12 支委会 with the branch's first 5 members.
- Messages: 15 per account (60 % read).
- Articles: 2,000 published Wagtail pages: 1,400 重要新闻 (NewsPage) under the 党建要闻 section
  and 600 通知公告 (NoticePage, for all members) under the notices section, inserted with computed
  paths under their one parent (the tree stays consistent: ``Page.find_problems()`` is clean).
- Notice receipts: each member with an account has read 10 notices.
- 发展党员: two candidates per branch at a random step (1–25) with steps 1..n recorded.

PostgreSQL gets COPY, other databases ``executemany`` (``bench/bulk.py``); everything is one
transaction. ``dataset_generate`` returns the seconds each stage took.
"""

import datetime
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from bench.bulk import next_pk, objects_insert, rows_insert, sequences_reset
from content.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage, NoticeReceipt
from partybuild.core.dates import add_months, add_years, month_start
from partybuild.core.demo_names import demo_person_name
from partybuild.core.names import name_keys
from partybuild.core.validators import id_number_check_character
from partybuild.demo.members import EMPLOYERS, JOB_POSTS, NATIVE_PLACES
from partybuild.dues.models import (
    DuesAllocation,
    DuesAssessment,
    DuesCategory,
    DuesPayment,
    DuesProfile,
)
from partybuild.dues.selectors import dues_amount
from partybuild.models import Member, Message, Organisation, Role, User
from partybuild.orglife.models import Meeting, MeetingAttendee
from partybuild.recruitment.models import Candidate, CandidateStep
from partybuild.services.roles import role_assignment_grant

SEED = 20261203
BRANCH_MEMBERS = (20, 40)
BRANCHES_PER_GENERAL = 8
GENERALS_PER_COMMITTEE = 10
NEWS_PAGES = 1400
NOTICE_PAGES = 600
MESSAGES_PER_ACCOUNT = 15
RECEIPTS_PER_ACCOUNT = 10
CANDIDATES_PER_BRANCH = 2
ACCOUNT_EVERY = 20
#: Members are written this many at a time (with their dues, meetings and messages).
CHUNK = 20_000
PASSWORD = "bench-password-1"  # noqa: S105 - the benchmark accounts' password

AREA_CODES = ("430821", "430802", "430811", "430822", "430702", "430703")
TOWNS = (
    "零阳镇", "东岳观镇", "通津铺镇", "杉木桥镇", "象市镇", "江垭镇", "岩泊渡镇", "溪口镇",
    "阳和土家族乡", "金岩土家族乡", "高桥镇", "甘堰土家族乡", "赵家岗土家族乡", "国营农场",
)  # fmt: skip
SYSTEMS = ("教育", "卫生健康", "机关工委", "非公经济和社会组织", "农业农村", "交通运输")
EDUCATION_CHOICES = (
    ("postgraduate", "master"), ("bachelor", "bachelor"), ("bachelor", "bachelor"),
    ("college", "none"), ("college", "none"), ("high_school", "none"),
    ("secondary_vocational", "none"), ("junior_high_or_below", "none"),
)  # fmt: skip
BASE_INCOMES = tuple(Decimal(amount) for amount in range(2000, 15001, 500))
FARMER_FIXED = Decimal("0.50")
BIRTH_FIRST = datetime.date(1945, 1, 1)
BIRTH_DAYS = 21_001  # birth dates 1945-01-01 … 2002-07-02; coprime with BIRTH_STRIDE
BIRTH_STRIDE = 7919


@dataclass
class GenerationReport:
    """What was generated and the seconds each stage took."""

    members: int
    organisations: int = 0
    branches: int = 0
    accounts: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def id_number_for(sequence: int) -> tuple[str, datetime.date, bool]:
    """A valid ID number distinct for every ``sequence`` below 63 million, with its birth date
    and sex (the 17th digit's parity)."""
    day = sequence * BIRTH_STRIDE % BIRTH_DAYS
    birth = BIRTH_FIRST + datetime.timedelta(days=day)
    rest = sequence // BIRTH_DAYS
    male = (sequence * 37) % 100 < 62
    order = (rest % 500) * 2 + (1 if male else 0)
    area = AREA_CODES[rest // 500 % len(AREA_CODES)]
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_number_check_character(first17), birth, male


def phone_for(sequence: int) -> str:
    return f"1{'3578'[sequence % 4]}{sequence:09d}"


@cache
def _name_keys(name: str) -> tuple[str, str]:
    return name_keys(name)


@cache
def _dues(category: str, month: datetime.date, base, fixed) -> tuple[Decimal | None, Decimal]:
    return dues_amount(category=category, month=month, base_income=base, fixed_amount=fixed)


@dataclass
class _Branch:
    pk: int
    path: str
    first_member: int = 0
    members: list[int] = field(default_factory=list)


class _Generator:
    """One run of the generator (see the module docstring)."""

    def __init__(self, *, members: int, articles: int, progress: Callable[[str], None]):
        self.total = members
        self.news_pages = articles * NEWS_PAGES // (NEWS_PAGES + NOTICE_PAGES)
        self.notice_pages = articles - self.news_pages
        self.progress = progress
        self.rng = random.Random(SEED)  # noqa: S311 - invented data, no secret
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.current_month = month_start(self.today)
        self.months = [add_months(self.current_month, -n) for n in range(12, 0, -1)]
        self.report = GenerationReport(members=members)
        self.password = make_password(PASSWORD)
        self.branches: list[_Branch] = []

    def stage(self, name: str, func: Callable[[], None]) -> None:
        started = time.perf_counter()
        func()
        self.report.seconds[name] = time.perf_counter() - started
        self.progress(f"  {name}: {self.report.seconds[name]:.1f} s")

    def count(self, table: str, rows: int) -> None:
        self.report.rows[table] = self.report.rows.get(table, 0) + rows

    # --- organisations ---------------------------------------------------------------------

    def organisations(self) -> None:
        branch_count = max(1, -(-self.total // 30))
        per_committee = BRANCHES_PER_GENERAL * GENERALS_PER_COMMITTEE
        committee_count = max(1, -(-branch_count // per_committee))
        pk = next_pk(Organisation)
        objects: list[Organisation] = []
        founded = datetime.date(1978, 7, 1)

        def make(parent: Organisation | None, step: int, **fields) -> Organisation:
            nonlocal pk
            depth = 1 if parent is None else parent.depth + 1
            org = Organisation(
                pk=pk,
                path=Organisation._get_path(parent.path if parent else None, depth, step),
                depth=depth,
                numchild=0,
                sort_order=0,
                founded_on=founded,
                **fields,
            )
            if parent is not None:
                parent.numchild += 1
            pk += 1
            objects.append(org)
            return org

        roots = Organisation.objects.filter(depth=1).count()
        county = make(None, roots + 1, name="慈利县委（基准）", org_type="committee", code="X")
        branches_left = branch_count
        for c in range(committee_count):
            if c % 3 == 2:
                name = f"县{SYSTEMS[c // 3 % len(SYSTEMS)]}系统党委"
            else:
                name = f"{TOWNS[c % len(TOWNS)]}党委"
            if c >= len(TOWNS):
                name = f"{name}{c + 1}"
            committee = make(county, c + 1, name=name, org_type="committee", code=f"X{c:03d}")
            in_committee = min(per_committee, branches_left)
            branches_left -= in_committee
            generals = -(-in_committee // BRANCHES_PER_GENERAL)
            for g in range(generals):
                general = make(
                    committee,
                    g + 1,
                    name=f"{name}第{g + 1}党总支",
                    org_type="general_branch",
                    code=f"X{c:03d}{g:02d}",
                    is_village_or_community=g % 2 == 0,
                )
                size = min(BRANCHES_PER_GENERAL, in_committee - g * BRANCHES_PER_GENERAL)
                for b in range(size):
                    branch = make(
                        general,
                        b + 1,
                        name=f"{name}第{g + 1}总支第{b + 1}党支部",
                        org_type="branch",
                        code=f"X{c:03d}{g:02d}{b:02d}",
                        leader_name=demo_person_name(number=len(self.branches), male=True),
                    )
                    self.branches.append(_Branch(pk=branch.pk, path=branch.path))
                    if len(self.branches) % 4 == 0:
                        for group in range(2):
                            make(
                                branch,
                                group + 1,
                                name=f"第{group + 1}党小组",
                                org_type="group",
                                code=f"X{c:03d}{g:02d}{b:02d}{group}",
                            )
        self.report.organisations = objects_insert(Organisation, objects)
        self.report.branches = len(self.branches)
        self.count("organisation", len(objects))
        self.county_pk = county.pk

    # --- members, accounts, dues, meetings, messages --------------------------------------------

    def _branch_sizes(self) -> list[int]:
        """Members per branch: 20–40, adding up to the total (the last branches take the rest)."""
        rng = random.Random(SEED + 1)  # noqa: S311 - invented data, no secret
        left = self.total
        sizes = []
        for index in range(len(self.branches)):
            remaining = len(self.branches) - index
            if remaining == 1:
                sizes.append(left)
                break
            average = left / remaining
            size = max(1, min(left - (remaining - 1), round(average + rng.uniform(-10, 10))))
            size = min(max(size, min(BRANCH_MEMBERS[0], left // remaining)), BRANCH_MEMBERS[1])
            sizes.append(size)
            left -= size
        return sizes

    def people(self) -> None:
        sizes = self._branch_sizes()
        self.member_pk = next_pk(Member)
        self.user_pk = next_pk(User)
        self.assessment_pk = next_pk(DuesAssessment)
        self.payment_pk = next_pk(DuesPayment)
        self.meeting_pk = next_pk(Meeting)
        self.accounts: list[tuple[int, int]] = []  # (user pk, member pk)
        self.dues_seconds = 0.0
        self.meeting_seconds = 0.0
        self.member_seconds = 0.0
        sequence = 0
        chunk: list[tuple[_Branch, int]] = []
        for branch, size in zip(self.branches, sizes, strict=False):
            chunk.append((branch, size))
            if sum(s for _, s in chunk) >= CHUNK:
                sequence = self._people_chunk(chunk, sequence)
                chunk = []
        if chunk:
            self._people_chunk(chunk, sequence)
        self.report.seconds["members and accounts"] = self.member_seconds
        self.report.seconds["dues (profiles, 12 months, payments)"] = self.dues_seconds
        self.report.seconds["meetings and attendance"] = self.meeting_seconds
        self.progress(
            f"  members {self.member_seconds:.1f} s, dues {self.dues_seconds:.1f} s, "
            f"meetings {self.meeting_seconds:.1f} s"
        )

    def _people_chunk(self, chunk: list[tuple[_Branch, int]], sequence: int) -> int:
        started = time.perf_counter()
        rng = self.rng
        members: list[Member] = []
        users: list[User] = []
        for branch, size in chunk:
            for position in range(size):
                id_number, birth, male = id_number_for(sequence)
                name = demo_person_name(number=sequence, male=male)
                initials, sort_key = _name_keys(name)
                probationary = rng.random() < 0.05
                if probationary:
                    joined = self.today - datetime.timedelta(days=rng.randint(40, 330))
                    confirmed = None
                else:
                    joined = add_years(birth, rng.randint(20, 45))
                    latest = self.today - datetime.timedelta(days=400)
                    if joined > latest:
                        joined = latest - datetime.timedelta(days=rng.randint(0, 2000))
                    confirmed = add_years(joined, 1)
                if add_years(birth, 18) > joined:
                    joined, confirmed = add_years(birth, 18), add_years(birth, 19)
                    probationary = confirmed > self.today
                    if probationary:
                        confirmed = None
                education, degree = EDUCATION_CHOICES[sequence % len(EDUCATION_CHOICES)]
                member = Member(
                    pk=self.member_pk,
                    name=name,
                    gender="male" if male else "female",
                    birth_date=birth,
                    native_place=NATIVE_PLACES[sequence % len(NATIVE_PLACES)],
                    phone=phone_for(sequence),
                    home_address=f"湖南省慈利县零阳镇{sequence % 300 + 1}号",
                    education=education,
                    degree=degree,
                    employer=EMPLOYERS[sequence % len(EMPLOYERS)],
                    job_post="502退休人员" if birth.year < 1962 else JOB_POSTS[1 + sequence % 9],
                    organisation_id=branch.pk,
                    category="probationary" if probationary else "full",
                    joined_on=joined,
                    confirmed_on=confirmed,
                    is_mobile=sequence % 20 == 7,
                    name_initials=initials,
                    name_sort_key=sort_key,
                )
                member.id_number = id_number
                if position == 0 or sequence % ACCOUNT_EVERY == 0:
                    user = User(
                        pk=self.user_pk,
                        username=f"m{sequence:07d}",
                        name=name,
                        password=self.password,
                        organisation_id=branch.pk,
                        gender=member.gender,
                        date_joined=self.now,
                    )
                    users.append(user)
                    member.user_id = user.pk
                    self.accounts.append((user.pk, member.pk))
                    self.user_pk += 1
                if position == 0:
                    branch.first_member = member.pk
                branch.members.append(member.pk)
                members.append(member)
                self.member_pk += 1
                sequence += 1
        self.count("user", objects_insert(User, users))
        self.count("member", objects_insert(Member, members))
        self.report.accounts += len(users)
        self.member_seconds += time.perf_counter() - started

        started = time.perf_counter()
        self._dues(members)
        self.dues_seconds += time.perf_counter() - started
        started = time.perf_counter()
        self._meetings([branch for branch, _ in chunk])
        for branch, _ in chunk:
            branch.members = branch.members[:5]  # the committee is all later stages need
        self.meeting_seconds += time.perf_counter() - started
        self.progress(f"    {sequence:,} members written")
        return sequence

    def _dues(self, members: list[Member]) -> None:
        rng = self.rng
        first_month = self.months[0]
        profiles, assessments, payments, allocations = [], [], [], []
        for member in members:
            roll = rng.random()
            base = fixed = None
            if roll < 0.6:
                category = DuesCategory.IN_SERVICE
                base = BASE_INCOMES[rng.randrange(len(BASE_INCOMES))]
            elif roll < 0.9:
                category = DuesCategory.RETIRED
                base = BASE_INCOMES[rng.randrange(8)]
            else:
                category, fixed = DuesCategory.FARMER, FARMER_FIXED
            profiles.append(
                (member.pk, category, base, fixed, Decimal("0.00"), first_month, self.now)
            )
            begins = month_start(member.joined_on)
            owes_last_quarter = rng.random() < 1 / 7
            quarter: list[tuple[int, Decimal]] = []
            for index, month in enumerate(self.months):
                if month < begins:
                    continue
                rate, amount = _dues(category, month, base, fixed)
                paid = not (owes_last_quarter and index >= 9)
                pk = self.assessment_pk
                self.assessment_pk += 1
                assessments.append(
                    (pk, member.pk, month, member.organisation_id, category, base, rate, amount,
                     Decimal("0.00"), Decimal("0.00"), amount, amount if paid else Decimal("0.00"),
                     self.now)
                )  # fmt: skip
                if paid:
                    quarter.append((pk, amount))
                if paid and (index % 3 == 2 or index == len(self.months) - 1):
                    payment = self.payment_pk
                    self.payment_pk += 1
                    total = sum(amount for _, amount in quarter)
                    paid_on = add_months(month, 1) + datetime.timedelta(days=rng.randint(0, 9))
                    payments.append(
                        (payment, member.pk, member.organisation_id, total, Decimal("0.00"),
                         min(paid_on, self.today), "cash" if rng.random() < 0.6 else "online",
                         self.now)
                    )  # fmt: skip
                    allocations.extend((payment, pk, amount) for pk, amount in quarter)
                    quarter = []
        self.count(
            "dues profile",
            rows_insert(
                DuesProfile,
                ["member_id", "category", "base_income", "fixed_amount", "voluntary_extra",
                 "effective_from", "created_at"],
                profiles,
            ),
        )  # fmt: skip
        self.count(
            "dues assessment",
            rows_insert(
                DuesAssessment,
                ["id", "member_id", "month", "organisation_id", "category", "base_income", "rate",
                 "computed_amount", "waived_amount", "voluntary_extra", "amount_due",
                 "paid_amount", "created_at"],
                assessments,
            ),
        )  # fmt: skip
        self.count(
            "dues payment",
            rows_insert(
                DuesPayment,
                ["id", "member_id", "organisation_id", "amount", "voluntary_extra", "paid_on",
                 "method", "recorded_at"],
                payments,
            ),
        )  # fmt: skip
        self.count(
            "dues allocation",
            rows_insert(DuesAllocation, ["payment_id", "assessment_id", "amount"], allocations),
        )

    def _meetings(self, branches: list[_Branch]) -> None:
        rng = self.rng
        meetings, attendees = [], []
        kinds = [("branch_assembly", index) for index in (0, 3, 6, 9)]
        kinds += [("party_lecture", index) for index in (1, 4, 7, 10)]
        kinds += [("committee", index) for index in range(12)]
        topics = {
            "branch_assembly": "学习贯彻党的二十届四中全会精神",
            "party_lecture": "讲好身边的党史故事",
            "committee": "研究本月支部工作",
        }
        for branch in branches:
            for kind, index in kinds:
                starts = timezone.make_aware(
                    datetime.datetime.combine(
                        self.months[index] + datetime.timedelta(days=rng.randint(2, 25)),
                        datetime.time(15, 0),
                    )
                )
                pk = self.meeting_pk
                self.meeting_pk += 1
                meetings.append(
                    (pk, kind, branch.pk, starts, starts + datetime.timedelta(hours=2),
                     "党员活动室", topics[kind], branch.first_member, branch.first_member,
                     "closed", starts - datetime.timedelta(days=3),
                     starts + datetime.timedelta(hours=3), "会议按议程进行。", starts)
                )  # fmt: skip
                people = branch.members if kind != "committee" else branch.members[:5]
                for member in people:
                    attended = rng.random() < 0.9
                    attendees.append(
                        (pk, member, "signed_up" if attended else "leave",
                         "" if attended else "外出务工", attended,
                         starts if attended else None)
                    )  # fmt: skip
        self.count(
            "meeting",
            rows_insert(
                Meeting,
                ["id", "kind", "organisation_id", "starts_at", "ends_at", "place", "topic",
                 "host_id", "recorder_id", "status", "published_at", "closed_at", "minutes",
                 "created_at"],
                meetings,
            ),
        )  # fmt: skip
        self.count(
            "meeting attendee",
            rows_insert(
                MeetingAttendee,
                ["meeting_id", "member_id", "response", "leave_reason", "attended",
                 "checked_in_at"],
                attendees,
            ),
        )  # fmt: skip

    # --- benchmark accounts -----------------------------------------------------------------

    def bench_accounts(self) -> None:
        admin_role = Role.objects.get(code="org_admin")
        secretary_role = Role.objects.get(code="branch_secretary")
        county = Organisation.objects.get(pk=self.county_pk)
        root = User.objects.create_user(
            username="bench_root", password=PASSWORD, name="县委管理员", organisation=county
        )
        role_assignment_grant(actor=None, user=root, role=admin_role, organisation=county)
        branch = Organisation.objects.get(pk=self.branches[0].pk)
        member = Member.objects.get(pk=self.branches[0].first_member)
        secretary = User.objects.create_user(
            username="bench_secretary", password=PASSWORD, name=member.name, organisation=branch
        )
        if member.user_id:
            self.accounts = [(u, m) for u, m in self.accounts if m != member.pk]
            User.objects.filter(pk=member.user_id).delete()
        member.user = secretary
        member.save(update_fields=["user"])
        for role in (admin_role, secretary_role):
            role_assignment_grant(actor=None, user=secretary, role=role, organisation=branch)
        self.accounts.append((secretary.pk, member.pk))
        self.accounts.append((root.pk, 0))

    def messages(self) -> None:
        rng = self.rng
        kinds = ("notice", "meeting", "dues", "system", "recruitment")

        def rows() -> Iterator[tuple]:
            for user, _member in self.accounts:
                for n in range(MESSAGES_PER_ACCOUNT):
                    sent = self.now - datetime.timedelta(days=n * 20 + rng.randint(0, 19))
                    kind = kinds[n % len(kinds)]
                    read = sent if rng.random() < 0.6 else None
                    yield (user, kind, f"{n + 1}号消息：请及时查看", "详见正文。", "", sent, read)

        self.count(
            "message",
            rows_insert(
                Message,
                ["recipient_id", "kind", "title", "body", "object_type", "created_at", "read_at"],
                rows(),
            ),
        )

    # --- articles and receipts -------------------------------------------------------------------

    def articles(self) -> None:
        news_ids = self._pages_insert(
            NewsIndexPage.objects.get(), NewsPage, self.news_pages, "要闻"
        )
        self.notice_ids = self._pages_insert(
            NoticeIndexPage.objects.get(), NoticePage, self.notice_pages, "通知"
        )
        self.count("page", len(news_ids) + len(self.notice_ids))

    def _pages_insert(self, parent: Page, model: type[Page], count: int, word: str) -> list[int]:
        """``count`` published pages of ``model`` as the last children of ``parent``."""
        content_type = ContentType.objects.get_for_model(model)
        pk = next_pk(Page)
        pages = []
        for n in range(count):
            slug = f"bench-{model._meta.model_name}-{n + 1}"
            published = self.now - datetime.timedelta(hours=n * 7)
            title = f"{word}第{n + 1}号：扎实推进基层党组织建设"
            page = model(
                id=pk + n,
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=model._get_path(parent.path, parent.depth + 1, parent.numchild + n + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                locale_id=parent.locale_id,
                translation_key=uuid.UUID(int=SEED * 10_000_000 + pk + n),
                date=timezone.localtime(published).date(),
                summary=f"{title}的摘要。",
                body=[("paragraph", RichText(f"<p>{title}。全文约五百字。</p>"))],
            )
            page.page_ptr_id = page.id
            pages.append(page)
        objects_insert(Page, pages)
        objects_insert(model, pages)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
        return [page.id for page in pages]

    def receipts(self) -> None:
        rng = self.rng
        rows = []
        for _user, member in self.accounts:
            if not member:
                continue
            for notice in rng.sample(
                self.notice_ids, min(RECEIPTS_PER_ACCOUNT, len(self.notice_ids))
            ):
                rows.append((notice, member, self.now))
        self.count(
            "notice receipt",
            rows_insert(NoticeReceipt, ["notice_id", "member_id", "read_at"], rows),
        )

    # --- recruitment -----------------------------------------------------------------------------

    def candidates(self) -> None:
        rng = self.rng
        pk = next_pk(Candidate)
        candidates, steps = [], []
        sequence = 50_000_000  # ID numbers apart from the members'
        for branch in self.branches:
            for _ in range(CANDIDATES_PER_BRANCH):
                id_number, birth, male = self._candidate_identity(sequence)
                candidate = Candidate(
                    pk=pk,
                    name=demo_person_name(number=sequence, male=male),
                    gender="male" if male else "female",
                    birth_date=birth,
                    phone=phone_for(sequence),
                    education="bachelor",
                    employer=EMPLOYERS[sequence % len(EMPLOYERS)],
                    organisation_id=branch.pk,
                    status="active",
                )
                candidate.id_number = id_number
                candidates.append(candidate)
                reached = rng.randint(1, 18)
                started = self.today - datetime.timedelta(days=30 * reached + 60)
                for step in range(1, reached + 1):
                    steps.append(
                        (pk, step, started + datetime.timedelta(days=30 * (step - 1)), branch.pk,
                         "", "approved", self.now)
                    )  # fmt: skip
                pk += 1
                sequence += 1
        self.count("candidate", objects_insert(Candidate, candidates))
        self.count(
            "candidate step",
            rows_insert(
                CandidateStep,
                ["candidate_id", "step", "done_on", "organisation_id", "notes", "review",
                 "recorded_at"],
                steps,
            ),
        )  # fmt: skip

    @staticmethod
    def _candidate_identity(sequence: int) -> tuple[str, datetime.date, bool]:
        """A valid ID number of someone born 1985–2004 (candidates are young), distinct from
        every member's (another area code)."""
        day = sequence * BIRTH_STRIDE % 7001
        birth = datetime.date(1985, 1, 1) + datetime.timedelta(days=day)
        male = sequence % 3 != 0
        order = (sequence // 7001 % 500) * 2 + (1 if male else 0)
        first17 = f"430800{birth:%Y%m%d}{order:03d}"
        return first17 + id_number_check_character(first17), birth, male

    def finish(self) -> None:
        sequences_reset(
            [Organisation, User, Member, DuesProfile, DuesAssessment, DuesPayment, DuesAllocation,
             Meeting, MeetingAttendee, Message, Page, NoticeReceipt, Candidate, CandidateStep]
        )  # fmt: skip


def dataset_generate(
    *,
    members: int,
    articles: int = NEWS_PAGES + NOTICE_PAGES,
    progress: Callable[[str], None] = lambda line: None,
) -> GenerationReport:
    """Write the benchmark dataset of ``members`` members (and ``articles`` pages, 70 % news and
    30 % notices) into the (migrated, otherwise empty) default database, in one transaction;
    returns what was written and how long each stage took."""
    generator = _Generator(members=members, articles=articles, progress=progress)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No per-row foreign-key triggers during the load: the generator makes every
            # reference itself (tests/test_bench_generator.py checks the result).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        generator.stage("organisations", generator.organisations)
        generator.people()
        generator.stage("sequences", generator.finish)
        generator.stage("benchmark accounts", generator.bench_accounts)
        generator.stage("messages", generator.messages)
        generator.stage("articles (2,000 pages)", generator.articles)
        generator.stage("notice receipts", generator.receipts)
        generator.stage("candidates and steps", generator.candidates)
        generator.finish()
    return generator.report
