"""换届提醒 (docs/domain.md §1): 6 months and 1 month before a term ends, scoped, on the home."""

import datetime

import pytest

from partybuild.core.dates import add_months
from partybuild.selectors.organisations import organisation_term_reminders

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 28)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 8, 31), 1) == D(2026, 9, 30)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2026, 11, 28), 6) == D(2027, 5, 28)
    assert add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)


@pytest.fixture
def terms(make_org):
    county = make_org("县委", "committee", term_start=D(2022, 5, 28), term_end=D(2027, 5, 28))
    branches = {}
    for name, end in [
        ("六月边界支部", D(2027, 5, 29)),  # 6 months + 1 day: no reminder yet
        ("满六月支部", D(2027, 5, 28)),  # exactly 6 months: reminded
        ("满一月支部", D(2026, 12, 28)),  # exactly 1 month
        ("一月外支部", D(2026, 12, 29)),  # 1 month + 1 day: still the 6-month level
        ("已到期支部", D(2026, 11, 27)),
    ]:
        branches[name] = make_org(
            name, "branch", county, term_start=add_months(end, -36), term_end=end
        )
    return county, branches


def test_levels_at_the_boundaries(terms, superuser):
    reminders = {
        r.organisation.name: r for r in organisation_term_reminders(user=superuser, today=TODAY)
    }
    assert "六月边界支部" not in reminders
    assert reminders["满六月支部"].level == "six_months"
    assert reminders["县委"].level == "six_months"
    assert reminders["满一月支部"].level == "one_month"
    assert reminders["满一月支部"].days_left == 30
    assert reminders["一月外支部"].level == "six_months"
    assert reminders["已到期支部"].level == "overdue"
    assert reminders["已到期支部"].days_left == -1


def test_a_village_branchs_five_year_term_is_reminded(make_org, superuser):
    county = make_org("县委", "committee")
    village = make_org(
        "大尖村党支部",
        "branch",
        county,
        is_village_or_community=True,
        term_start=D(2021, 12, 28),
        term_end=D(2026, 12, 28),  # 5 years, refused before issue 16: exactly 1 month left
    )
    reminders = organisation_term_reminders(user=superuser, today=TODAY)
    assert [(r.organisation, r.level, r.days_left) for r in reminders] == [
        (village, "one_month", 30)
    ]


def test_reminders_are_scoped(terms, make_admin):
    _, branches = terms
    admin = make_admin("branch_admin", branches["满一月支部"])
    names = [r.organisation.name for r in organisation_term_reminders(user=admin, today=TODAY)]
    assert names == ["满一月支部"]


def test_admin_home_shows_the_panel(client, terms, make_admin):
    _, branches = terms
    client.force_login(make_admin("branch_admin", branches["已到期支部"]))
    html = client.get("/admin/").content.decode()
    assert "换届提醒" in html
    assert "已到期支部" in html
    assert "满一月支部" not in html
