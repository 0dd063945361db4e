"""Demo 意见建议, 书记信箱 and 留言板 in the first demo branches: suggestions (one anonymous,
some answered or closed), letters to the branch secretary and to the 书记信箱 (some answered) and
board posts (one hidden by the branch). The texts are what members of a county's branches
(seed: 慈利县) would write about 三会一课, 主题党日, the 党员活动室 and 便民服务.

Letters and posts need an author account: members without one get an account with an unusable
password (it cannot log in; it only carries the authorship). The site setting gets a demo
书记信箱 address and allows anonymous suggestions, unless it was set before."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from partybuild.memberservices.models import (
    BoardPost,
    LetterRecipient,
    LetterStatus,
    MemberServiceSettings,
    SecretaryLetter,
    Suggestion,
    SuggestionStatus,
)
from partybuild.memberservices.selectors.letters import letter_top_organisation
from partybuild.memberservices.services.suggestions import suggestion_anonymous_time
from partybuild.models import Member, Organisation, User

DEMO_MAILBOX = "shujixinxiang@example.com"
BRANCHES = 3

#: (title, content, anonymous, reply or "", closed)
SUGGESTIONS = (
    (
        "建议党员活动室周末开放",
        "不少在职党员工作日难以参加学习，建议党员活动室周六上午开放，方便大家集中学习和借阅书籍。",
        False,
        "已研究同意，自下月起每周六上午九点至十一点开放，由支委轮流值守。",
        False,
    ),
    (
        "主题党日活动形式可以更丰富",
        "建议主题党日除集中学习外，增加走访慰问困难群众、到红色教育基地参观等实践内容。",
        False,
        "",
        False,
    ),
    (
        "三会一课通知请提前发布",
        "部分支部会议通知发布较晚，外出务工的流动党员来不及安排时间，建议至少提前三天在APP发布。",
        True,
        "感谢提醒，已要求各支部至少提前三天发布会议通知，并同步推送消息。",
        True,
    ),
    (
        "希望增加党费线上缴纳方式",
        "年纪大的党员到支部缴纳党费不方便，建议开通线上缴费并在我的党费中显示缴纳记录。",
        False,
        "",
        False,
    ),
)

#: (recipient kind, subject, body, reply or "")
LETTERS = (
    (
        LetterRecipient.BRANCH_SECRETARY,
        "关于组织关系转接的咨询",
        "书记您好：我明年将到长沙工作，想了解组织关系转出需要准备哪些材料、大约需要多长时间。",
        "你好，请携带党员证明材料到支部办理介绍信，系统内转接一般一周内可完成，可在APP中查看进度。",
    ),
    (
        LetterRecipient.MAILBOX,
        "反映村里路灯损坏问题",
        "我们组通往村部的路上有三盏路灯坏了一个多月，晚上党员开会回家不安全，希望协调维修。",
        "",
    ),
    (
        LetterRecipient.MAILBOX,
        "对随迁子女入学服务的建议",
        "便民服务中随迁子女入学的办事指南很有用，建议再补充需要携带的证件清单和办理地点电话。",
        "感谢建议，办事指南已补充材料清单和咨询电话，请在便民服务中查看。",
    ),
)

#: (content, hidden reason or "")
POSTS = (
    ("本周六上午主题党日活动在党员活动室集合，请大家准时参加。", ""),
    ("学习强国本月积分排名已公布，大家继续加油！", ""),
    ("感谢支部组织走访慰问，老党员们都很感动。", ""),
    ("出售二手电动车，价格面议，有意者联系。", "与党建工作无关的广告信息"),
    ("七一前夕支部将开展重温入党誓词活动，欢迎预备党员一起参加。", ""),
)


def _service_settings_load() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or MemberServiceSettings.objects.filter(site=site).exists():
        return
    MemberServiceSettings.objects.create(
        site=site, mailbox_email=DEMO_MAILBOX, suggestions_anonymous_allowed=True
    )


def _authors(branch: Organisation, count: int, *, with_accounts: bool) -> list[User]:
    """Accounts of the branch's first members, creating ones that cannot log in if needed
    (only when demo accounts are wanted: production never gets demo accounts)."""
    authors = []
    members = Member.objects.filter(organisation=branch, is_on_roll=True).order_by("pk")[:count]
    for member in members:
        if member.user_id is None and not with_accounts:
            continue
        if member.user_id is None:
            user = User(
                username=f"demo_member_{member.pk}",
                name=member.name,
                organisation=member.organisation,
            )
            user.set_unusable_password()
            user.save()
            member.user = user
            member.save(update_fields=["user"])
        authors.append(member.user)
    return authors


def demo_services_load(*, with_accounts: bool = True) -> int:
    """Create the demo rows unless some exist; returns how many were created. Without demo
    accounts, only branches whose members already have accounts get letters, posts and named
    suggestions."""
    if (
        Suggestion.objects.exists()
        or SecretaryLetter.objects.exists()
        or BoardPost.objects.exists()
    ):
        return 0
    _service_settings_load()
    now = timezone.now()
    replier = User.objects.filter(is_superuser=True).order_by("pk").first()
    branches = [
        branch
        for branch in Organisation.objects.filter(org_type="branch").order_by("path")
        if branch.members.filter(is_on_roll=True).exists()
    ][:BRANCHES]
    created = 0
    for branch_index, branch in enumerate(branches):
        authors = _authors(branch, 3, with_accounts=with_accounts)
        if not authors:
            continue
        for index, (title, content, anonymous, reply, closed) in enumerate(SUGGESTIONS):
            suggestion = Suggestion.objects.create(
                title=title,
                content=content,
                organisation=branch,
                submitter=None if anonymous else authors[index % len(authors)],
                is_anonymous=anonymous,
            )
            created_at = now - datetime.timedelta(days=20 - 4 * index, hours=branch_index)
            updates = {
                "created_at": (
                    suggestion_anonymous_time(moment=created_at) if anonymous else created_at
                )
            }
            if reply:
                updates.update(
                    reply=reply,
                    replied_by=replier,
                    replied_at=created_at + datetime.timedelta(days=2),
                    status=SuggestionStatus.REPLIED,
                )
            if closed:
                updates.update(
                    status=SuggestionStatus.CLOSED,
                    closed_at=created_at + datetime.timedelta(days=3),
                )
            Suggestion.objects.filter(pk=suggestion.pk).update(**updates)
            created += 1
        for index, (kind, subject, body, reply) in enumerate(LETTERS):
            letter = SecretaryLetter.objects.create(
                sender=authors[index % len(authors)],
                recipient_kind=kind,
                organisation=branch,
                addressee=(
                    branch
                    if kind == LetterRecipient.BRANCH_SECRETARY
                    else letter_top_organisation(organisation=branch)
                ),
                subject=subject,
                body=body,
            )
            created_at = now - datetime.timedelta(days=15 - 5 * index, hours=branch_index)
            updates = {"created_at": created_at, "email_sent_at": created_at}
            if reply:
                updates.update(
                    reply=reply,
                    replied_by=replier,
                    replied_at=created_at + datetime.timedelta(days=1),
                    status=LetterStatus.REPLIED,
                )
            SecretaryLetter.objects.filter(pk=letter.pk).update(**updates)
            created += 1
        for index, (content, hidden_reason) in enumerate(POSTS):
            created_at = now - datetime.timedelta(days=10 - 2 * index, hours=branch_index)
            BoardPost.objects.create(
                organisation=branch,
                author=authors[index % len(authors)],
                content=content,
                created_at=created_at,
                hidden=bool(hidden_reason),
                hidden_reason=hidden_reason,
                hidden_by=replier if hidden_reason else None,
                hidden_at=created_at + datetime.timedelta(hours=2) if hidden_reason else None,
            )
            created += 1
    return created
