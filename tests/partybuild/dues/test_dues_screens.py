"""The 党费 screens finished (issue 19): each has its title in the page header and the tab, the
screens' tabs mark the current one, the filters sit on one row with their labels and the period
shows as typed (2026-11), and the 党费基数 form starts from the member's basis in force."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuild.dues.services import dues_profile_set

pytestmark = pytest.mark.django_db

SCREENS = [
    ("partybuild_dues_report", "党费收缴统计"),
    ("partybuild_dues_arrears", "欠缴党费名单"),
    ("partybuild_dues_lapsed", "连续六个月未交纳党费"),
    ("partybuild_dues_waivers", "党费减免"),
    ("partybuild_dues_assess", "核定党费"),
]


@pytest.mark.parametrize(("url_name", "heading"), SCREENS)
def test_each_screen_has_its_title_and_marks_its_tab(admin_client, tree, url_name, heading):
    page = admin_client.get(reverse(url_name)).content.decode()
    title = re.search(r"<title>\s*(.*?)\s*</title>", page, re.S).group(1)
    assert title.startswith(heading)
    assert re.search(rf"<h1[^>]*>\s*(<[^>]+>\s*)*{heading}", page)
    current = re.findall(r'<a class="button button-small" href="([^"]+)" aria-current="page"', page)
    assert current == [reverse(url_name)]


def test_the_filters_are_one_labelled_row_and_the_period_shows_as_typed(admin_client, tree):
    page = admin_client.get(reverse("partybuild_dues_report")).content.decode()
    filters = page[page.find('class="pb-filters') : page.find("</form>", page.find("pb-filters"))]
    assert filters.count('class="pb-filters__field"') == 2
    assert '<label for="id_organisation">党组织</label>' in filters
    assert f'value="{timezone.localdate():%Y-%m}"' in filters
    quarter = admin_client.get(reverse("partybuild_dues_report"), {"period": "2026-Q4"})
    assert 'value="2026-Q4"' in quarter.content.decode()


def test_the_basis_form_starts_from_the_basis_in_force(admin_client, member_factory):
    member = member_factory("一支部")
    dues_profile_set(
        member=member,
        actor=None,
        category="retired",
        base_income=Decimal("5200"),
        voluntary_extra=Decimal("10"),
        effective_from=datetime.date(2026, 1, 1),
    )
    response = admin_client.get(reverse("partybuild_dues_member", args=[member.pk]))
    form = response.context["profile_form"]
    assert form.initial["category"] == "retired"
    assert form.initial["base_income"] == Decimal("5200")
    assert form.initial["voluntary_extra"] == Decimal("10")
    assert form.initial["effective_from"] == timezone.localdate().replace(day=1)
    page = response.content.decode()
    assert re.search(r'<option value="retired" selected>', page)
