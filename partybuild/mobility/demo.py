"""Demo 流动党员: in the demo 党委's branches, three members working away — one contacted this
quarter, one not yet (the quarterly reminder), one back home — and two members of organisations
elsewhere registered with a branch here (流入)."""

import datetime

from django.utils import timezone

from partybuild.mobility.models import MobileOutflow
from partybuild.mobility.selectors import quarter_start
from partybuild.mobility.services import (
    mobile_contact_record,
    mobile_inflow_register,
    mobile_outflow_close,
    mobile_outflow_register,
)
from partybuild.models import Member, Organisation

ROOT_CODE = "CL04"

#: (流入地, 流入地党组织, 联系人, 原因, 原因说明, 活动证号)
OUTFLOWS = (
    ("广东省深圳市南山区", "深圳市南山区粤海街道流动党员党支部", "刘志强 0755-26688001",
     "work", "在深圳科技园从事软件开发", "LD440305-2025-0117"),
    ("浙江省杭州市余杭区", "", "", "work", "在杭州经营电商网店", "LD330110-2026-0032"),
    ("上海市浦东新区", "浦东新区张江镇流动党员党支部", "陈慧 021-50801234",
     "study", "在复旦大学攻读在职硕士", ""),
)  # fmt: skip

INFLOWS = (
    ("马振华", "河南省周口市郸城县汲冢镇马庄村党支部", "LD411625-2025-0456", "13603941265"),
    ("覃丽萍", "广西壮族自治区百色市田阳区那坡镇党委", "LD451021-2026-0021", "13877612098"),
)


def demo_mobility_load() -> int:
    """Create the demo outflows and inflows unless some exist; returns how many were created."""
    root = Organisation.objects.filter(code=ROOT_CODE).first()
    if root is None or MobileOutflow.objects.exists():
        return 0
    today = timezone.localdate()
    members = list(
        Member.objects.filter(
            organisation__path__startswith=root.path,
            is_on_roll=True,
            standing="normal",
            is_mobile=False,
        ).order_by("organisation__path", "pk")[:3]
    )
    if len(members) < 3:
        return 0
    created = 0
    for index, (member, row) in enumerate(zip(members, OUTFLOWS, strict=True)):
        destination, organisation, contact, reason, detail, certificate = row
        left_on = max(today - datetime.timedelta(days=200 + 40 * index), member.joined_on or today)
        outflow = mobile_outflow_register(
            member=member,
            destination=destination,
            destination_organisation=organisation,
            destination_contact=contact,
            left_on=left_on,
            reason=reason,
            reason_detail=detail,
            contact_phone=f"1391234{5600 + index:04d}",
            certificate_number=certificate,
            actor=None,
        )
        earlier = max(left_on, quarter_start(today) - datetime.timedelta(days=20))
        mobile_contact_record(
            outflow=outflow,
            contacted_on=earlier,
            way="phone",
            content="电话了解工作生活情况，提醒按时交纳党费、参加线上组织生活。",
            actor=None,
        )
        if index == 0:
            mobile_contact_record(
                outflow=outflow,
                contacted_on=max(quarter_start(today), left_on),
                way="report",
                content="收到本季度书面思想汇报，汇报参加流入地党支部主题党日情况。",
                actor=None,
            )
        if index == 2:
            mobile_outflow_close(
                outflow=outflow,
                returned_on=today - datetime.timedelta(days=3),
                note="学业结束返回原单位",
                actor=None,
            )
        created += 1
    branch = members[0].organisation
    for name, home, certificate, phone in INFLOWS:
        mobile_inflow_register(
            organisation=branch,
            name=name,
            home_organisation=home,
            certificate_number=certificate,
            arrived_on=today - datetime.timedelta(days=90),
            phone=phone,
            note="在本辖区企业务工",
            actor=None,
        )
        created += 1
    return created
