"""Demo 党代表: the 第十五次 congress of the demo county committee (中共慈利县委员会), three
representatives elected by the demo 党委 technical-support committee (CL04) from its branches'
members — the demo member login (dangyuan) among them when it exists — with a few 联系党员群众
activities and 提案/建议, one answered."""

import datetime

from django.db.models import F
from django.utils import timezone

from partybuild.models import Member, Organisation
from partybuild.representatives.models import Congress, CongressLevel
from partybuild.representatives.services import (
    congress_save,
    contact_activity_record,
    proposal_reply,
    proposal_submit,
    representative_save,
)

COUNTY_CODE = "CL"
CONSTITUENCY_CODE = "CL04"

ACTIVITIES = (
    ("社区党群服务中心", "走访辖区困难党员和老党员，听取对支部工作的意见。", 8),
    ("支部活动室", "参加支部主题党日，宣讲县第十五次党代会精神。", 23),
    ("项目工地", "到一线了解青年职工思想动态，收集意见建议 5 条。", 15),
)

PROPOSALS = (
    (
        "关于加强村级党群服务中心周末开放的建议",
        "部分党群服务中心周末不开放，建议实行轮值制度，方便在外务工党员回乡参加活动。",
        "县委组织部",
        "已研究制定轮值开放办法，明年一季度起在全县推行。",
    ),
    (
        "关于优化流动党员党费缴纳方式的建议",
        "建议推广线上缴纳党费，并在 App 中提示缴费情况。",
        "",
        "",
    ),
)


def demo_representatives_load() -> int:
    """Create the demo congress and representatives unless they exist; returns how many
    representatives were created."""
    county = Organisation.objects.filter(code=COUNTY_CODE).first()
    unit = Organisation.objects.filter(code=CONSTITUENCY_CODE).first()
    if county is None or unit is None or Congress.objects.filter(organisation=county).exists():
        return 0
    today = timezone.localdate()
    congress = congress_save(
        organisation=county,
        level=CongressLevel.COUNTY,
        name="中国共产党慈利县代表大会",
        number=15,
        term_start=today.replace(month=1, day=1) - datetime.timedelta(days=365 * 2),
        term_end=today.replace(month=1, day=1) + datetime.timedelta(days=365 * 3),
        actor=None,
    )
    members = Member.objects.filter(
        organisation__path__startswith=unit.path, is_on_roll=True
    ).order_by(F("user_id").desc(nulls_last=True), "organisation__path", "pk")  # logins first
    created = 0
    for index, member in enumerate(members[:3]):
        rep = representative_save(
            congress=congress,
            member=member,
            constituency=unit,
            elected_on=congress.term_start,
            actor=None,
        )
        created += 1
        place, content, people = ACTIVITIES[index]
        contact_activity_record(
            representative=rep,
            date=today - datetime.timedelta(days=30 * (index + 1)),
            place=place,
            content=content,
            people_reached=people,
            actor=None,
        )
        if index < len(PROPOSALS):
            title, text, handler, reply = PROPOSALS[index]
            proposal = proposal_submit(
                representative=rep,
                title=title,
                content=text,
                submitted_on=today - datetime.timedelta(days=60),
                actor=None,
            )
            if handler:
                proposal_reply(
                    proposal=proposal,
                    handling_organisation=handler,
                    reply=reply,
                    replied_on=today - datetime.timedelta(days=10),
                    actor=None,
                )
    return created
