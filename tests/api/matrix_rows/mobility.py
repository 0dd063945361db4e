"""Matrix rows of 流动党员 (partybuild/mobility/api.py): an outflow of member_b (二支部, outside
admin_a's subtree, inside admin_parent's); members are refused the administrators' operations,
outside the subtree is 404, and every signed-in account may read its own records (``mine``)."""

import datetime

from tests.api.matrix import Case, expect

ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)
EVERYONE = expect(member_a=200, member_b=200, admin_a=200, admin_parent=200, superuser=200)
SECOND_BRANCH = expect(member_a=403, member_b=403, admin_a=404, admin_parent=200, superuser=200)


def _outflow(ctx):
    from partybuild.mobility.services import mobile_inflow_register, mobile_outflow_register

    ctx.objects["outflow"] = mobile_outflow_register(
        member=ctx.roles["member_b"].member,
        destination="广东省深圳市南山区",
        destination_organisation="深圳市南山区流动党员党支部",
        left_on=datetime.date(2026, 3, 1),
        reason="work",
        contact_phone="13912345678",
        certificate_number="LD2026-0001",
        actor=None,
    )
    mobile_inflow_register(
        organisation=ctx.tree["second"],
        name="王建国",
        home_organisation="河南省周口市某村党支部",
        certificate_number="LD-HN-0099",
        arrived_on=datetime.date(2026, 3, 1),
        phone="13700001111",
        actor=None,
    )


def _path(suffix: str = ""):
    return lambda ctx: f"/api/app/mobility/outflows/{ctx.objects['outflow'].pk}{suffix}"


ROWS = {
    "mobile_outflow_list": Case("get", "/api/app/mobility/outflows", ADMINS, setup=_outflow),
    "mobile_outflow_detail": Case("get", _path(), SECOND_BRANCH, setup=_outflow),
    "mobile_contact_record": Case(
        "post",
        _path("/contacts"),
        SECOND_BRANCH,
        body=lambda ctx: {
            "contacted_on": "2026-03-02",
            "way": "phone",
            "content": "电话了解务工情况",
        },
        setup=_outflow,
    ),
    "mobile_inflow_list": Case("get", "/api/app/mobility/inflows", ADMINS, setup=_outflow),
    "mobile_outflow_mine": Case("get", "/api/app/mobility/mine", EVERYONE, setup=_outflow),
}
