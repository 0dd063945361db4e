"""The benchmark dataset generator (bench/generate.py) writes data the app accepts, so the
benchmarks cannot quietly measure something the app would never hold. No timing here."""

import pytest
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Page

from bench.generate import dataset_generate, id_number_for, phone_for
from content.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage
from partybuild.dues.models import DuesAllocation, DuesAssessment
from partybuild.dues.services import dues_assess_month
from partybuild.models import Member, Organisation, RoleAssignment, User
from partybuild.models.identity import phone_lookup

pytestmark = pytest.mark.django_db

MEMBERS = 70


@pytest.fixture
def report():
    return dataset_generate(members=MEMBERS, articles=20)


def test_members_decrypt_and_are_found_by_their_blind_indexes(report):
    id_number, birth, _male = id_number_for(0)
    member = Member.objects.get(Member.id_number_lookup(id_number))
    assert member.id_number == id_number
    assert member.birth_date == birth
    assert Member.objects.get(phone_lookup(phone_for(0))) == member
    assert member.phone == phone_for(0)


def test_members_pass_the_apps_validation(report):
    assert Member.objects.count() == MEMBERS
    for member in Member.objects.select_related("organisation").order_by("pk")[:: MEMBERS // 7]:
        member.full_clean()
        assert member.organisation.org_type == "branch"
        assert member.name_sort_key and member.name_initials


def test_trees_are_consistent_and_pages_sit_under_their_sections(report):
    assert Organisation.find_problems() == ([], [], [], [], [])
    assert Page.find_problems() == ([], [], [], [], [])
    assert NewsPage.objects.live().child_of(NewsIndexPage.objects.get()).count() == 14
    assert NoticePage.objects.live().child_of(NoticeIndexPage.objects.get()).count() == 6


def test_dues_payments_settle_what_the_assessments_say(report):
    assessed = DuesAssessment.objects.aggregate(total=Sum("paid_amount"))["total"]
    allocated = DuesAllocation.objects.aggregate(total=Sum("amount"))["total"]
    assert assessed == allocated > 0


def test_the_app_assesses_the_current_month_and_new_rows_get_fresh_ids(report):
    result = dues_assess_month(month=timezone.localdate().replace(day=1))
    assert result.created == MEMBERS
    branch = Organisation.objects.filter(org_type="branch").first()
    Member.objects.create(name="新党员", gender="female", organisation=branch)
    User.objects.create_user(username="someone-new", password="x-Long-passw0rd")


def test_benchmark_accounts_hold_their_roles(report):
    secretary = User.objects.get(username="bench_secretary")
    assert secretary.member.organisation.org_type == "branch"
    roles = set(RoleAssignment.objects.filter(user=secretary).values_list("role__code", flat=True))
    assert roles == {"org_admin", "branch_secretary"}
    root = RoleAssignment.objects.get(user__username="bench_root")
    assert root.organisation.depth == 1
    assert report.members == MEMBERS
    assert report.rows["meeting attendee"] > 0
