"""Matrix rows of 党内关怀 (partybuild/care/api.py): administrators' lists only — members are
refused (403), administrators read their own subtree (scope is tested in
tests/partybuild/care/test_care_api.py)."""

import datetime

from tests.api.matrix import Case, expect

ADMINS = expect(member_a=403, member_b=403, admin_a=200, admin_parent=200, superuser=200)


def _hardship(ctx):
    from partybuild.care.services import hardship_register

    hardship_register(
        member=ctx.roles["member_b"].member,
        kind="illness",
        level="serious",
        description="本人患病住院",
        registered_on=datetime.date(2025, 1, 10),
        actor=None,
    )


ROWS = {
    "care_hardship_list": Case("get", "/api/app/care/hardships", ADMINS, setup=_hardship),
    "care_medal_list": Case("get", "/api/app/care/medals?year=2026", ADMINS),
    "care_anniversary_list": Case("get", "/api/app/care/anniversaries?month=2026-07", ADMINS),
}
