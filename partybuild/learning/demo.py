"""Demo 学习教育: two courses of the demo 党委 (CL, the whole tree) built on the demo articles
and the demo video, a 党章党史 question bank of 15 questions, an exam drawing 10 of them, and
some members of the demo branch who have studied and sat the exam.

Runs after content's demo pages (``manage.py load_demo``), as its lessons point at them; without
those pages (content not loaded) it creates nothing."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from partybuild.learning import services
from partybuild.learning.models import Course, Exam, Lesson, Question, QuestionBank
from partybuild.models import Member, Organisation

ORGANISATION_CODE = "CL"
BRANCH_CODE = "CL0403"

#: (course title, description, points, [(lesson title, kind, page title, minutes)])
COURSES = (
    (
        "深入学习党章 推进“两学一做”",
        "结合“两学一做”学习教育常态化制度化要求，学习党章、党规，提高党员党性修养。",
        5,
        [
            ("“两学一做”学习教育常态化制度化", "page", "推进“两学一做”学习教育常态化制度化", 5),
            ("党风廉政建设宣传教育", "page", "慈利县开展党风廉政建设宣传教育月活动", 5),
        ],
    ),
    (
        "基层党建工作专题",
        "学习全县党建工作会议精神，观看党员教育专题片，了解优秀支部书记的工作方法。",
        5,
        [
            ("全县党建工作会议精神", "page", "慈利县召开2018年全县党建工作会议", 5),
            ("专题片《扎根基层的好支书》", "video", "党员教育专题片《扎根基层的好支书》片花", 3),
        ],
    ),
)

#: (kind, question, options (one per line; none for true/false), answer letters, explanation)
QUESTIONS = (
    (
        "single",
        "中国共产党的最高理想和最终目标是什么？",
        "实现共产主义\n全面建成小康社会\n实现社会主义现代化\n实现中华民族伟大复兴",
        "A",
        "党章总纲：党的最高理想和最终目标是实现共产主义。",
    ),
    (
        "single",
        "中国共产党第一次全国代表大会于哪一年召开？",
        "1919年\n1921年\n1927年\n1935年",
        "B",
        "1921年7月，中共一大在上海召开，后转移到嘉兴南湖红船上继续进行。",
    ),
    (
        "single",
        "党员的预备期一般为几年？",
        "半年\n一年\n两年\n三年",
        "B",
        "党章第七条：预备党员的预备期为一年。",
    ),
    (
        "single",
        "党的根本组织原则是什么？",
        "集体领导\n民主集中制\n少数服从多数\n个人服从组织",
        "B",
        "党章第十条：党是根据自己的纲领和章程，按照民主集中制组织起来的统一整体。",
    ),
    (
        "single",
        "确立毛泽东在党中央和红军的领导地位的会议是？",
        "八七会议\n古田会议\n遵义会议\n洛川会议",
        "C",
        "1935年1月遵义会议，是党的历史上一个生死攸关的转折点。",
    ),
    (
        "single",
        "党员如果没有正当理由，连续几个月不参加党的组织生活、不交纳党费或不做党所分配的工作，就被认为是自行脱党？",
        "三个月\n六个月\n九个月\n十二个月",
        "B",
        "党章第九条：连续六个月不参加党的组织生活……就被认为是自行脱党。",
    ),
    (
        "single",
        "党的基层组织中，正式党员几人以上的，应当成立党的基层组织？",
        "三人\n五人\n七人\n十人",
        "A",
        "党章第三十条：企业、农村、机关……凡是有正式党员三人以上的，都应当成立党的基层组织。",
    ),
    (
        "multiple",
        "“三会一课”中的“三会”是指哪些会议？",
        "支部党员大会\n支部委员会\n党小组会\n民主生活会",
        "ABC",
        "“三会”是支部党员大会、支部委员会和党小组会，“一课”是党课。",
    ),
    (
        "multiple",
        "“两学一做”学习教育的内容包括？",
        "学党章党规\n学系列讲话\n做合格党员\n做优秀干部",
        "ABC",
        "“两学一做”即学党章党规、学系列讲话、做合格党员。",
    ),
    (
        "multiple",
        "党的纪律处分有哪几种？",
        "警告\n严重警告\n撤销党内职务\n留党察看\n开除党籍",
        "ABCDE",
        "党章第四十二条：党的纪律处分有五种：警告、严重警告、撤销党内职务、留党察看、开除党籍。",
    ),
    (
        "multiple",
        "下列属于党员权利的有？",
        "参加党的有关会议\n在党的会议上参加讨论\n对党的工作提出建议和倡议\n领取固定津贴",
        "ABC",
        "党章第四条列举了党员的八项权利，不包括领取津贴。",
    ),
    (
        "true_false",
        "年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子可以申请加入中国共产党。",
        "",
        "A",
        "党章第一条的规定。",
    ),
    (
        "true_false",
        "预备党员享有表决权、选举权和被选举权。",
        "",
        "B",
        "党章第七条：预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。",
    ),
    (
        "true_false",
        "党的最高领导机关，是党的全国代表大会和它所产生的中央委员会。",
        "",
        "A",
        "党章第十条。",
    ),
    (
        "true_false",
        "党支部党员大会一般每季度召开一次。",
        "",
        "A",
        "《中国共产党支部工作条例（试行）》：党员大会一般每季度召开1次。",
    ),
)


def _page(title: str):
    return Page.objects.filter(title=title).first()


@transaction.atomic
def demo_learning_load() -> int:
    """Create the demo courses, bank and exam unless a course exists; returns how many courses,
    banks and exams were created (0 without the demo pages)."""
    if Course.objects.exists():
        return 0
    organisation = Organisation.objects.filter(code=ORGANISATION_CODE).first()
    if organisation is None:
        return 0
    courses = []
    for title, description, points, lessons in COURSES:
        pages = [(_page(page_title), row) for row in lessons for page_title in [row[2]]]
        if any(page is None for page, _row in pages):
            continue
        course = Course.objects.create(
            organisation=organisation,
            title=title,
            description=description,
            points=points,
            is_published=True,
        )
        for order, (page, (lesson_title, kind, _title, minutes)) in enumerate(pages):
            Lesson.objects.create(
                course=course,
                title=lesson_title,
                kind=kind,
                page=page,
                required_minutes=minutes,
                sort_order=order,
            )
        courses.append(course)
    if not courses:
        return 0
    bank = QuestionBank.objects.create(organisation=organisation, title="党章党史知识题库")
    for order, (kind, text, options, answer, explanation) in enumerate(QUESTIONS):
        question = Question(
            bank=bank,
            kind=kind,
            text=text,
            options_text=options,
            answer=answer,
            explanation=explanation,
            sort_order=order,
        )
        question.full_clean()
        question.save()
    exam = Exam.objects.create(
        organisation=organisation,
        bank=bank,
        title="党章党史知识测试",
        question_count=10,
        time_limit_minutes=20,
        pass_score=60,
        retakes_allowed=1,
        points=10,
        is_published=True,
    )
    _study(courses[0], exam)
    return len(courses) + 2


def _study(course: Course, exam: Exam) -> None:
    """Three members of the demo branch completed the first course (some more of it), two sat
    the exam (one passed, one failed), as if last week."""
    members = list(
        Member.objects.filter(organisation__code=BRANCH_CODE, is_on_roll=True).order_by(
            "name_sort_key", "pk"
        )[:4]
    )
    start = timezone.now() - datetime.timedelta(days=7)
    lessons = list(course.lessons.order_by("sort_order"))
    for index, member in enumerate(members):
        studied = lessons if index < 3 else lessons[:1]
        for lesson in studied:
            now = start
            services.lesson_open(member=member, lesson=lesson, now=now)
            while now < start + datetime.timedelta(seconds=lesson.required_seconds):
                now += datetime.timedelta(seconds=services.HEARTBEAT_MAX_SECONDS)
                services.lesson_heartbeat(
                    member=member,
                    lesson=lesson,
                    seconds=services.HEARTBEAT_MAX_SECONDS,
                    now=now,
                )
    questions = Question.objects.in_bulk()
    for index, member in enumerate(members[:2]):
        attempt = services.exam_attempt_start(member=member, exam=exam, now=start)
        answers = {}
        for number, pk in enumerate(attempt.question_ids):
            right = questions[pk].correct
            # The first member answers all but one right (90, passed), the second half (50).
            wrong = number == 0 if index == 0 else number % 2 == 0
            answers[pk] = [(right[0] + 1) % len(questions[pk].options)] if wrong else right
        services.exam_attempt_submit(
            attempt=attempt, answers=answers, now=start + datetime.timedelta(minutes=12)
        )
