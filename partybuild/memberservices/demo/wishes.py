"""Demo 微心愿, 微心得 and 积分 from the seed's tables (1.2.6.1, 1.2.6.2).

The seed shows 10 wishes, the first two rows empty and the others truncated (「35...」,
「2018-05...」); the values below complete them plausibly, and the 2018 deadlines are moved to
dates relative to today so the demo has wishes to claim. The wishes are spread over the states
(待审核, 已发布, 已认领, 已完成, 已驳回, 已过期); the 8 微心得 are the seed's, 6 approved (awarding
their 心得积分, 10 or 12) and 2 pending. Claims and authorship go to members of the demo branch,
by the seed's names where such a member exists.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from partybuild.memberservices.models import MicroExperience, MicroWish, PointsReason, WishStatus
from partybuild.memberservices.services.experiences import experience_approve, experience_submit
from partybuild.memberservices.services.points import WISH_COMPLETED_POINTS, points_award
from partybuild.memberservices.services.wishes import wish_create, wish_publish, wish_reject
from partybuild.models import Member, Organisation

#: (title, value, days to deadline, owner, situation, cash, address, state)
WISHES = (
    (
        "小学生学习用品",
        "200",
        20,
        "李小花",
        "留守儿童，缺书包文具",
        None,
        "慈利县零阳镇",
        "pending",
    ),
    ("过冬棉衣", "300", 25, "王大爷", "独居老人", None, "慈利县江垭镇", "rejected"),
    ("电视剧", "3599", 30, "张大", "无", None, "杭州", "published"),
    ("平板电脑", "12000", 35, "周一", "无", None, "湖南", "published"),
    ("轻薄笔记本电脑", "12888", 40, "周晓阳", "无", None, "杭州市", "claimed"),
    ("智能手机", "5999", 45, "周晓", "缺手机", None, "杭州市西湖区", "fulfilled"),
    ("三国演义", "50", 15, "张亮", "学习历史", None, "慈利县城西", "completed"),
    ("笔记本电脑", "2000", 50, "金焯完", "配置高的电脑", None, "杭州西溪花园", "pending"),
    ("电脑", "19999", 10, "周晓", "缺电脑", "19999", "杭州市", "expired"),
    ("老年手机", "6999", 60, "汤明", "家中老人需要", "6999", "杭州", "published"),
)

#: (title, content, author, points, approved)
EXPERIENCES = (
    (
        "学以致用，知行合一",
        "学习的最终目的在于运用。作为一名党员，要把学习成果转化为做好本职工作的实际本领。",
        "于昌平",
        10,
        True,
    ),
    (
        "端正态度，做合格党员",
        "作为基层党员干部，要端正学习态度，把学习当作一种责任、一种追求。",
        "涂先周",
        10,
        True,
    ),
    (
        "是增强创新意识",
        "市场是一双无形的手，只有不断创新工作方法，才能适应新形势下的群众工作。",
        "姚运见",
        10,
        True,
    ),
    (
        "是增强依法办事意识",
        "当今社会是法制社会，党员干部要带头学法、懂法、守法、用法。",
        "涂先周",
        10,
        True,
    ),
    (
        "是加强档案管理",
        "人民群众认识共产党，往往是从身边党员的一言一行开始的；规范管理党员档案是基础工作。",
        "卓慈利",
        12,
        True,
    ),
    (
        "景树立正确的三观",
        "价值观、人生观、世界观决定一个人的行为，党员要在学习中不断校正自己的坐标。",
        "杨年凤",
        10,
        True,
    ),
    (
        "是提高党员素质",
        "基层党支部是党的全部工作和战斗力的基础，提高党员素质是支部建设的关键。",
        "向忠",
        10,
        False,
    ),
    (
        "加强基层党建工作",
        "加强基层党员干部队伍建设，要从严格组织生活、落实三会一课做起。",
        "兰松建",
        10,
        False,
    ),
)


def _members(branch: Organisation, names: list[str]) -> dict[str, Member]:
    """The seed's people where demo members have their names, else the branch's members in
    turn (on the roll, with accounts first, so claims have someone to tell)."""
    on_roll = Member.objects.filter(is_on_roll=True)
    named = {m.name: m for m in on_roll.filter(name__in=names)}
    pool = list(
        on_roll.filter(
            Q(organisation=branch) | Q(organisation__path__startswith=branch.path)
        ).order_by("user_id", "pk")[: len(names) + 2]
    ) or list(on_roll.order_by("pk")[: len(names) + 2])
    if not pool:
        return {}
    chosen = {}
    for index, name in enumerate(names):
        chosen[name] = named.get(name) or pool[index % len(pool)]
    return chosen


def _wishes_load(branch: Organisation, claimers: list[Member]) -> int:
    today = timezone.localdate()
    now = timezone.now()
    for index, (title, value, days, owner, situation, cash, address, state) in enumerate(WISHES):
        wish = wish_create(
            organisation=branch,
            actor=None,
            title=title,
            value=value,
            deadline=today + datetime.timedelta(days=days),
            owner_name=owner,
            owner_phone=f"1390744{index:04d}",
            situation=situation,
            cash_amount=cash,
            mailing_address=address,
        )
        if state == "pending":
            continue
        if state == "rejected":
            wish_reject(wish=wish, actor=None, reason="经核实，已由民政部门解决。")
            continue
        wish_publish(wish=wish, actor=None)
        if state == "expired":
            MicroWish.objects.filter(pk=wish.pk).update(
                deadline=today - datetime.timedelta(days=3), status=WishStatus.EXPIRED
            )
            continue
        if state == "published" or not claimers:
            continue
        claimer = claimers[index % len(claimers)]
        fields = {"status": WishStatus.CLAIMED, "claimed_by": claimer, "claimed_at": now}
        if state in ("fulfilled", "completed"):
            fields.update(fulfilment_note="已将物品送到心愿主人手中。", fulfilled_at=now)
        if state == "completed":
            fields.update(status=WishStatus.COMPLETED, confirmed_at=now)
            points_award(
                member=claimer,
                points=WISH_COMPLETED_POINTS,
                reason_kind=PointsReason.WISH,
                reason=f"完成微心愿「{title}」",
                source_type="wish",
                source_id=wish.pk,
            )
        MicroWish.objects.filter(pk=wish.pk).update(**fields)
    return len(WISHES)


def _experiences_load(authors: dict[str, Member]) -> int:
    for title, content, author, points, approved in EXPERIENCES:
        experience = experience_submit(member=authors[author], title=title, content=content)
        if approved:
            experience_approve(experience=experience, actor=None, points=points)
    return len(EXPERIENCES)


def demo_wishes_load(*, branch_code: str) -> int:
    """The seed's wishes and 微心得 of the demo branch ``branch_code``, with their points; nothing
    when either exists already. Returns how many wishes and 微心得 were created."""
    if MicroWish.objects.exists() or MicroExperience.objects.exists():
        return 0
    branch = Organisation.objects.filter(code=branch_code).first()
    if branch is None:
        return 0
    names = sorted({row[2] for row in EXPERIENCES})
    people = _members(branch, names)
    if not people:
        return 0
    claimers = list(dict.fromkeys(people.values()))
    return _wishes_load(branch, claimers) + _experiences_load(people)
