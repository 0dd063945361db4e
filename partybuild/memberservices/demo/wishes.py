"""Demo 微心愿, 微心得 and 积分 from the seed's tables (1.2.6.1, 1.2.6.2).

The seed shows 10 wishes, the first two rows empty and the others test entries (「mac1」,
「Tom」); the demo has 10 plausible wishes of a county's people instead, with deadlines relative
to today so the demo has wishes to claim. The wishes are spread over the states
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

#: (title, value, days to deadline, owner, situation, cash, address, state). The seed's table
#: (1.2.6.1) holds test entries (「mac1」, 「Tom」, 「Mac book」 to 杭州): a county's 微心愿 are
#: small wishes of its own people, so these are invented in the seed's spirit.
WISHES = (
    (
        "给孩子买一套课外书",
        "150",
        20,
        "李小花",
        "留守儿童，父母在外务工，由奶奶照顾，喜欢看书",
        None,
        "慈利县零阳镇金慈社区",
        "pending",
    ),
    (
        "一件过冬的棉衣",
        "300",
        25,
        "王德顺",
        "独居老人，今年82岁，旧棉衣已穿了十多年",
        None,
        "慈利县江垭镇",
        "rejected",
    ),
    (
        "一个新书包和一套文具",
        "120",
        30,
        "张雨涵",
        "小学三年级学生，父亲因病去世，母亲务农",
        None,
        "慈利县象市镇大尖村",
        "published",
    ),
    (
        "一台助听器",
        "800",
        35,
        "周桂英",
        "70岁，听力下降，和家人交流困难",
        None,
        "慈利县溪口镇",
        "published",
    ),
    (
        "一辆上学用的自行车",
        "400",
        40,
        "向思远",
        "初二学生，家离学校6公里，每天步行上学",
        None,
        "慈利县通津铺镇",
        "claimed",
    ),
    (
        "一台取暖器",
        "200",
        45,
        "覃秀兰",
        "失独老人，腿脚不便，冬天屋里阴冷",
        None,
        "慈利县零阳镇",
        "fulfilled",
    ),
    (
        "一套《三国演义》连环画",
        "50",
        15,
        "张亮",
        "小学五年级学生，喜欢历史故事",
        None,
        "慈利县城西",
        "completed",
    ),
    (
        "一台旧电脑供孩子上网课",
        "1500",
        50,
        "卓春生",
        "低保户，两个孩子在读中学",
        None,
        "慈利县阳和土家族乡",
        "pending",
    ),
    (
        "帮忙修缮漏雨的屋顶",
        "2000",
        10,
        "田永福",
        "五保户，土坯房屋顶漏雨",
        "2000",
        "慈利县高桥镇",
        "expired",
    ),
    (
        "一台轮椅",
        "600",
        60,
        "龚凤英",
        "中风后行动不便，出门需家人背",
        "600",
        "慈利县岩泊渡镇",
        "published",
    ),
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
        "增强创新意识",
        "市场是一双无形的手，只有不断创新工作方法，才能适应新形势下的群众工作。",
        "姚运见",
        10,
        True,
    ),
    (
        "增强依法办事意识",
        "当今社会是法制社会，党员干部要带头学法、懂法、守法、用法。",
        "涂先周",
        10,
        True,
    ),
    (
        "加强党员档案管理",
        "人民群众认识共产党，往往是从身边党员的一言一行开始的；规范管理党员档案是基础工作。",
        "卓慈利",
        12,
        True,
    ),
    (
        "树立正确的三观",
        "价值观、人生观、世界观决定一个人的行为，党员要在学习中不断校正自己的坐标。",
        "杨年凤",
        10,
        True,
    ),
    (
        "提高党员素质",
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
