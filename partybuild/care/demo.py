"""Demo 党内关怀: in the demo 党委's branches, two 困难党员 (one due for the yearly review), their
帮扶 and 慰问. The 光荣在党50年 and 政治生日 lists read the demo members' own dates: the seed's
黄 (转正 1973-08-06) is on the 2024 list, and the generated members have 政治生日 in every month."""

import datetime
from decimal import Decimal

from django.utils import timezone

from partybuild.care.models import HardshipMember
from partybuild.care.services import care_visit_record, hardship_register
from partybuild.core.dates import add_months
from partybuild.models import Member, Organisation

ROOT_CODE = "CL04"


def demo_care_load() -> int:
    """Create the demo rows unless some exist; returns how many were created."""
    root = Organisation.objects.filter(code=ROOT_CODE).first()
    if root is None or HardshipMember.objects.exists():
        return 0
    today = timezone.localdate()
    members = list(
        Member.objects.filter(
            organisation__path__startswith=root.path, is_on_roll=True, standing="normal"
        )
        .select_related("organisation")
        .order_by("-organisation__path", "pk")[:2]
    )
    if len(members) < 2:
        return 0
    ill, flooded = members
    created = 0
    first = hardship_register(
        member=ill,
        kind="illness",
        level="serious",
        description="本人患慢性肾病需长期透析，家庭月收入不足两千元。",
        registered_on=add_months(today, -14),
        actor=None,
    )  # not reviewed for 14 months: due for the yearly review
    second = hardship_register(
        member=flooded,
        kind="disaster",
        level="extreme",
        description="今年汛期房屋受损，需修缮。",
        registered_on=today - datetime.timedelta(days=60),
        actor=None,
    )
    created += 2
    for record, kind, days, content, amount in (
        (first, "condolence", 300, "春节前走访慰问，送去慰问金和米面油。", Decimal("800.00")),
        (first, "help", 90, "协助申请大病医疗救助。", Decimal("0.00")),
        (second, "help", 50, "党支部组织党员帮助清理房屋、修缮屋顶。", Decimal("2000.00")),
    ):
        care_visit_record(
            member=record.member,
            kind=kind,
            visited_on=today - datetime.timedelta(days=days),
            organisation=record.member.organisation,
            visitor="支部书记",
            content=content,
            amount=amount,
            actor=None,
        )
        created += 1
    return created
