"""学习教育 in the Wagtail admin: listings and edits confined to the subtree (another subtree's
course, exam or report is 404), the completion report's xlsx, and constant listing queries."""

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from partybuild.learning import services
from partybuild.learning.models import Course
from tests.partybuild.learning.factories import make_bank, make_course, make_exam, right_answers

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture
def clients(tree, make_admin):
    def login(username, organisation):
        client = Client()
        client.force_login(make_admin(username, organisation))
        return client

    return {
        "general": login("general_admin", tree["general"]),
        "third": login("third_admin", tree["third"]),
    }


def test_listings_and_edits_are_confined_to_the_subtree(tree, clients):
    course = make_course(tree["first"], title="学习党章")
    exam = make_exam(tree["first"], make_bank(tree["first"]), title="党章测试")
    make_course(tree["third"], title="乡镇课程")
    general = clients["general"]
    listing = general.get("/admin/learning_courses/")
    assert listing.status_code == 200
    assert "学习党章" in listing.content.decode() and "乡镇课程" not in listing.content.decode()
    assert general.get(f"/admin/learning_courses/edit/{course.pk}/").status_code == 200
    assert general.get(f"/admin/learning_exams/edit/{exam.pk}/").status_code == 200
    third = clients["third"]
    assert "学习党章" not in third.get("/admin/learning_courses/").content.decode()
    assert third.get(f"/admin/learning_courses/edit/{course.pk}/").status_code == 404
    assert third.get(f"/admin/learning_courses/delete/{course.pk}/").status_code == 404
    assert third.get(f"/admin/learning_exams/edit/{exam.pk}/").status_code == 404
    report = third.get(f"/admin/learning_report/?organisation={tree['first'].pk}&export=xlsx")
    assert report.status_code == 404
    assert Course.objects.filter(pk=course.pk).exists()


def test_an_exam_results_page_of_another_subtree_is_404(tree, clients, member_factory):
    member = member_factory("一支部")
    exam = make_exam(tree["first"], make_bank(tree["first"]))
    attempt = services.exam_attempt_start(member=member, exam=exam, now=T0)
    services.exam_attempt_submit(attempt=attempt, answers={}, now=T0)
    assert member.name in clients["general"].get("/admin/learning_attempts/").content.decode()
    assert (
        clients["general"].get(f"/admin/learning_attempts/inspect/{attempt.pk}/").status_code == 200
    )
    assert (
        clients["third"].get(f"/admin/learning_attempts/inspect/{attempt.pk}/").status_code == 404
    )


def test_the_completion_report_lists_members_courses_and_scores(tree, clients, member_factory):
    def named(organisation_name, name):
        member = member_factory(organisation_name)
        member.name = name
        member.save()
        return member

    done = named("一支部", "张红")
    halfway = named("二支部", "李明")
    named("三支部", "王乡")  # another subtree: not in the report
    course = make_course(tree["general"], title="学习党章", lessons=2, minutes=1)
    first, second = course.lessons.order_by("sort_order")
    for member, lessons in ((done, (first, second)), (halfway, (first,))):
        for lesson in lessons:
            services.lesson_open(member=member, lesson=lesson, now=T0)
            services.lesson_heartbeat(
                member=member, lesson=lesson, seconds=60, now=T0 + datetime.timedelta(minutes=1)
            )
    exam = make_exam(tree["general"], make_bank(tree["general"]), title="党章测试")
    attempt = services.exam_attempt_start(member=done, exam=exam, now=T0)
    services.exam_attempt_submit(attempt=attempt, answers=right_answers(attempt), now=T0)
    response = clients["general"].get(
        f"/admin/learning_report/?organisation={tree['general'].pk}&export=xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "姓名",
        "所在党组织",
        "课程：学习党章",
        "考试：党章测试",
        "完成课程数",
        "通过考试数",
    )
    assert rows[1:] == [
        ("张红", "一支部", "已完成（2026-07-01）", "100（通过）", 1, 1),
        ("李明", "二支部", "已学 1/2 课时", "未参加", 0, 0),
    ]
    page = clients["general"].get(f"/admin/learning_report/?organisation={tree['general'].pk}")
    assert page.status_code == 200 and "张红" in page.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_admin_listings_do_not_grow_with_the_page(
    tree, clients, django_assert_max_num_queries, count, member_factory
):
    bank = make_bank(tree["first"])
    member = member_factory("一支部")
    for number in range(count):
        make_course(tree["first"], title=f"课程{number}")
        exam = make_exam(tree["first"], bank, title=f"考试{number}")
        attempt = services.exam_attempt_start(member=member, exam=exam, now=T0)
        services.exam_attempt_submit(attempt=attempt, answers={}, now=T0)
    general = clients["general"]
    for path in ("/admin/learning_courses/", "/admin/learning_exams/", "/admin/learning_attempts/"):
        general.get(path)
        with django_assert_max_num_queries(40):
            assert general.get(path).status_code == 200


def _exam_form(organisation, bank, **fields):
    return {
        "organisation": organisation.pk,
        "title": "党史学习测试",
        "bank": bank.pk,
        "question_count": 5,
        "time_limit_minutes": 20,
        "pass_score": 60,
        "retakes_allowed": 1,
        "points": 10,
        "is_published": "on",
        **fields,
    }


def test_an_exam_is_created_only_in_the_subtree_and_from_a_reachable_bank(tree, clients):
    from partybuild.learning.models import Exam

    bank = make_bank(tree["general"])
    for path in ("/admin/learning_courses/new/", "/admin/learning_banks/new/"):
        page = clients["general"].get(path)
        assert page.status_code == 200
        # The organisation is picked through the organisation chooser (scoped), not a select.
        field = page.context["form"].fields["organisation"]
        assert tree["first"] in field.queryset and tree["third"] not in field.queryset
        assert "三支部" not in page.content.decode()
    refused = clients["third"].post("/admin/learning_exams/new/", _exam_form(tree["first"], bank))
    assert refused.status_code == 200 and not Exam.objects.exists()
    too_many = clients["general"].post(
        "/admin/learning_exams/new/", _exam_form(tree["first"], bank, question_count=21)
    )
    assert "抽题数量不能超过题库中的试题数" in too_many.content.decode()
    created = clients["general"].post("/admin/learning_exams/new/", _exam_form(tree["first"], bank))
    assert created.status_code == 302
    assert Exam.objects.get().organisation == tree["first"]


def _studied(member, lesson) -> None:
    services.lesson_open(member=member, lesson=lesson, now=T0)
    services.lesson_heartbeat(
        member=member, lesson=lesson, seconds=60, now=T0 + datetime.timedelta(seconds=60)
    )


@pytest.mark.parametrize(
    "query", ["", "&order=completion", "&export=xlsx"], ids=["board", "completion", "xlsx"]
)
def test_the_report_and_its_export_do_not_grow_with_the_members(
    tree, clients, member_factory, query, django_assert_max_num_queries
):
    course = make_course(tree["first"], lessons=1, minutes=1, points=5)
    lesson = course.lessons.get()
    make_exam(tree["first"], make_bank(tree["first"]), title="党章测试")

    def add(n):
        for _index in range(n):
            _studied(member_factory("一支部"), lesson)

    general = clients["general"]
    url = f"/admin/learning_report/?organisation={tree['general'].pk}{query}"
    add(2)
    general.get(url)
    with django_assert_max_num_queries(40) as few:
        general.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert general.get(url).status_code == 200


def test_the_bank_listing_does_not_grow_with_the_banks(
    tree, clients, django_assert_max_num_queries
):
    make_bank(tree["first"], singles=2, multiples=1, true_false=1)
    general = clients["general"]
    general.get("/admin/learning_banks/")
    with django_assert_max_num_queries(40) as few:
        general.get("/admin/learning_banks/")
    for _index in range(5):
        make_bank(tree["first"], singles=2, multiples=1, true_false=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert general.get("/admin/learning_banks/").status_code == 200


def test_another_subtrees_bank_is_404_and_not_listed(tree, clients):
    bank = make_bank(tree["first"], singles=2, multiples=1, true_false=1)
    bank.title = "一支部题库"
    bank.save()
    third = clients["third"]
    assert "一支部题库" not in third.get("/admin/learning_banks/").content.decode()
    assert third.get(f"/admin/learning_banks/edit/{bank.pk}/").status_code == 404
    assert third.post(f"/admin/learning_banks/delete/{bank.pk}/").status_code == 404
    assert type(bank).objects.filter(pk=bank.pk).exists()
    general = clients["general"]
    assert "一支部题库" in general.get("/admin/learning_banks/").content.decode()
    assert general.get(f"/admin/learning_banks/edit/{bank.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/admin/learning_courses/", "/admin/learning_exams/", "/admin/learning_attempts/"]
)
def test_admin_listings_query_counts_are_the_same_for_more_rows(
    tree, clients, member_factory, path, django_assert_max_num_queries
):
    bank = make_bank(tree["first"])
    member = member_factory("一支部")

    def add(start, n):
        for number in range(start, start + n):
            make_course(tree["first"], title=f"课程{number}")
            exam = make_exam(tree["first"], bank, title=f"考试{number}")
            attempt = services.exam_attempt_start(member=member, exam=exam, now=T0)
            services.exam_attempt_submit(attempt=attempt, answers={}, now=T0)

    general = clients["general"]
    add(0, 2)
    general.get(path)
    with django_assert_max_num_queries(40) as few:
        general.get(path)
    add(2, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert general.get(path).status_code == 200
