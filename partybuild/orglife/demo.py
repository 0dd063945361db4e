"""Demo 三会一课: for every demo branch, the twelve months before this one — a 主题党日 every
month, a 支部委员会 most months (some branches skip some months), a 支部党员大会 and a 党课 each
quarter (one branch misses a 党课), last year's 组织生活会 and 民主评议 for most branches — closed
with minutes and attendance; one upcoming meeting whose notice is out; and one 民主评议 round
with grades in the dossiers."""

import datetime

from django.utils import timezone

from partybuild.core.dates import add_months, month_start
from partybuild.models import Member, Organisation, OrganisationType
from partybuild.orglife.models import (
    AttendeeResponse,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
)
from partybuild.orglife.selectors.meetings import (
    meeting_committee_attendees,
    meeting_default_attendees,
)
from partybuild.orglife.services.evaluations import evaluation_round_record
from partybuild.orglife.services.meetings import meeting_create, meeting_publish

#: Members of a branch taken as its committee in the demo when no committee is registered
#: (the demo's committees come from partybuild.committees.demo, loaded before).
COMMITTEE_SIZE = 5
#: The topics of each kind of meeting, taken in turn month by month. A topic never repeats its
#: kind: the register shows a meeting as 「党课：<topic>」 (Meeting.__str__, the portal, the
#: app), so a topic 「党课：…」 would read 「党课：党课：…」.
TOPICS = {
    MeetingKind.COMMITTEE: (
        "研究本月支部工作",
        "研究发展党员工作",
        "研究党费收缴和使用情况",
        "研究主题党日活动安排",
    ),
    MeetingKind.THEME_DAY: (
        "学习贯彻党的二十大精神",
        "重温入党誓词",
        "走访慰问困难党员和群众",
        "参观红色教育基地",
        "开展志愿服务进社区",
        "学习新修订的《中国共产党纪律处分条例》",
    ),
    MeetingKind.BRANCH_ASSEMBLY: (
        "通报季度工作，讨论下季度计划",
        "讨论接收预备党员",
        "通报党费收缴情况",
        "民主评议党员准备工作",
    ),
    MeetingKind.PARTY_LECTURE: (
        "新时代党员的责任与担当",
        "从党史中汲取奋进力量",
        "以案为鉴，严守纪律规矩",
        "发扬“四下基层”优良作风",
    ),
    MeetingKind.LIFE_MEETING: ("对照检查，开展批评与自我批评",),
    MeetingKind.EVALUATION: ("对照党员标准开展评议",),
}
LEAVE_REASONS = ("出差", "病假", "值班", "家中有事")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()
    )


def _planned(branch_index: int, first_month: datetime.date) -> list[tuple[str, datetime.date]]:
    """(kind, day) of the branch's meetings over the twelve months from ``first_month``."""
    plan = []
    for offset in range(12):
        month = add_months(first_month, offset)
        plan.append((MeetingKind.THEME_DAY, month.replace(day=1)))
        if (offset + branch_index) % 5 != 3:
            plan.append((MeetingKind.COMMITTEE, month.replace(day=8)))
        if month.month % 3 == 2:
            plan.append((MeetingKind.BRANCH_ASSEMBLY, month.replace(day=15)))
            if not (branch_index == 1 and offset < 6):
                plan.append((MeetingKind.PARTY_LECTURE, month.replace(day=20)))
        if month.month == 12 and branch_index != 2:
            plan.append((MeetingKind.LIFE_MEETING, month.replace(day=22)))
            plan.append((MeetingKind.EVALUATION, month.replace(day=26)))
    return plan


def demo_meetings_load() -> int:
    """Create the demo meetings unless some exist; returns how many were created."""
    if Meeting.objects.exists():
        return 0
    today = timezone.localdate()
    first_month = add_months(month_start(today), -12)
    branches = list(Organisation.objects.filter(org_type=OrganisationType.BRANCH).order_by("path"))
    attendees: list[MeetingAttendee] = []
    created = 0
    for branch_index, branch in enumerate(branches):
        members = list(meeting_default_attendees(organisation=branch).order_by("pk"))
        if not members:
            continue
        committee = (
            list(meeting_committee_attendees(organisation=branch).order_by("pk"))
            or (members[:COMMITTEE_SIZE])
        )
        for number, (kind, day) in enumerate(_planned(branch_index, first_month)):
            topic = TOPICS[kind][(number + branch_index) % len(TOPICS[kind])]
            start = _at(day, 14 if kind != MeetingKind.COMMITTEE else 9)
            meeting = Meeting.objects.create(
                organisation=branch,
                kind=kind,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                place="党员活动室",
                topic=topic,
                host=members[0],
                recorder=members[min(1, len(members) - 1)],
                status=MeetingStatus.CLOSED,
                check_in_code=f"{(branch.pk * 7919 + created) % 1000000:06d}",
                published_at=start - datetime.timedelta(days=3),
                closed_at=start + datetime.timedelta(hours=2),
                minutes=f"<p>{kind.label}：{topic}。会议由{members[0].name}主持，"
                f"与会党员进行了认真讨论。</p>",
            )
            created += 1
            expected = committee if kind == MeetingKind.COMMITTEE else members
            for position, member in enumerate(expected):
                away = (member.pk + day.month) % 8 == 0
                attendees.append(
                    MeetingAttendee(
                        meeting=meeting,
                        member=member,
                        response=AttendeeResponse.LEAVE if away else AttendeeResponse.SIGNED_UP,
                        leave_reason=LEAVE_REASONS[position % len(LEAVE_REASONS)] if away else "",
                        responded_at=start - datetime.timedelta(days=1),
                        attended=not away,
                        checked_in_at=None if away else start,
                    )
                )
    MeetingAttendee.objects.bulk_create(attendees, batch_size=2000)
    created += _upcoming_and_evaluation(branches=branches, today=today)
    return created


def _upcoming_and_evaluation(*, branches: list[Organisation], today: datetime.date) -> int:
    """A published notice next week in the first branch, and last year's 民主评议 round."""
    if not branches:
        return 0
    branch = branches[0]
    start = _at(today + datetime.timedelta(days=7), 15)
    meeting = meeting_create(
        organisation=branch,
        actor=None,
        kind=MeetingKind.THEME_DAY,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="党员活动室",
        topic="参观红色教育基地",
    )
    meeting_publish(meeting=meeting, actor=None)
    members = list(Member.objects.filter(organisation=branch, is_on_roll=True).order_by("pk"))
    grades = {
        member.pk: ("excellent" if index % 5 == 0 else "qualified")
        for index, member in enumerate(members)
    }
    if grades:
        evaluation_round_record(organisation=branch, year=today.year - 1, grades=grades, actor=None)
    return 1
