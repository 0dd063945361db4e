"""Reads for the portal: the home page's modules and search."""

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from content.visibility import exclude_hidden_pages

HOME_ITEMS_PER_SECTION = 6


def home_sections(*, home: Page, user) -> list[dict]:
    """Each live section under ``home`` with its newest articles the user may read.

    One query for the sections and one per section for its articles, whatever the page size.
    """
    sections = []
    for section in home.get_children().live().public().specific().order_by("path"):
        model = getattr(section, "article_model", None)
        if model is None:
            continue
        articles = exclude_hidden_pages(
            model.objects.live().public().descendant_of(section), user=user
        ).order_by("-date", "-pk")[:HOME_ITEMS_PER_SECTION]
        sections.append(
            {"page": section, "articles": list(articles), "type": type(section).__name__}
        )
    return sections


def page_search(*, query: str, user=None):
    """Live pages matching ``query`` that ``user`` may read, best match first."""
    user = user or AnonymousUser()
    return exclude_hidden_pages(Page.objects.live().public(), user=user).specific().search(query)


#: Kinds of 我的任务 with their Chinese labels.
TASK_KINDS = {
    "notice_unread": "未读通知",
    "my_change_request": "我的档案修改申请（待审核）",
    "change_request_to_decide": "待我审核的档案修改申请",
    "transfer_to_receive": "待我接收的组织关系转接",
    "recruitment_overdue": "逾期的发展党员步骤",
    "thought_report_due": "本季度应提交思想汇报",
}


def _task_sources(*, user) -> dict:
    """Each task kind's queryset (newest first) and how one row becomes a task."""
    from content.receipts import notice_list_for_member
    from partybuild.models import ChangeRequestStatus, MemberChangeRequest
    from partybuild.selectors.change_requests import change_request_scope_for_user
    from partybuild.selectors.transfers import transfer_incoming_pending

    pending = ChangeRequestStatus.PENDING
    return {
        "notice_unread": (
            notice_list_for_member(user=user).filter(is_read=False),
            lambda n: (n.title, "notice", n.pk, n.first_published_at),
        ),
        "my_change_request": (
            MemberChangeRequest.objects.filter(member__user=user, status=pending).order_by(
                "-requested_at", "-pk"
            ),
            lambda r: ("档案修改申请待审核", "change_request", r.pk, r.requested_at),
        ),
        "change_request_to_decide": (
            change_request_scope_for_user(user=user)
            .filter(status=pending)
            .exclude(requested_by=user)
            .order_by("-requested_at", "-pk"),
            lambda r: (f"「{r.member.name}」申请修改档案", "change_request", r.pk, r.requested_at),
        ),
        "transfer_to_receive": (
            transfer_incoming_pending(user=user).order_by("-started_at", "-pk"),
            lambda t: (f"「{t.member.name}」的组织关系待接收", "transfer", t.pk, t.started_at),
        ),
    }


def _computed_tasks(*, user) -> dict[str, list[tuple]]:
    """Tasks computed from rules rather than stored rows (发展党员 deadlines and the quarterly
    思想汇报), as (title, object_type, object_id, created_at); a fixed number of queries."""
    import datetime

    from django.utils import timezone

    from partybuild.models import Candidate
    from partybuild.selectors.recruitment import (
        candidate_thought_report_due,
        recruitment_reminders,
    )

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    overdue = [
        (
            f"「{item['candidate'].name}」的「{item['name']}」已逾期 {item['days_overdue']} 天",
            "candidate",
            item["candidate"].pk,
            moment(item["due_on"]),
        )
        for item in recruitment_reminders(user=user)
    ]
    mine = Candidate.objects.filter(user=user).prefetch_related("steps", "submissions").first()
    report = (
        [("请提交本季度的思想汇报", "candidate", mine.pk, timezone.now())]
        if mine is not None and candidate_thought_report_due(candidate=mine)
        else []
    )
    return {"recruitment_overdue": overdue, "thought_report_due": report}


def task_counts_for_user(*, user) -> dict[str, int]:
    """How many tasks of each kind wait on ``user`` (one COUNT per stored kind)."""
    if not user.is_authenticated:
        return dict.fromkeys(TASK_KINDS, 0)
    counts = {kind: queryset.count() for kind, (queryset, _) in _task_sources(user=user).items()}
    counts.update({kind: len(rows) for kind, rows in _computed_tasks(user=user).items()})
    return counts


def task_list_for_user(*, user, limit: int, offset: int) -> tuple[list[dict], dict[str, int]]:
    """A page of ``user``'s tasks, newest first, and the counts per kind.

    Takes at most ``offset + limit`` rows of each kind and merges them, so the number of queries
    is fixed (two per kind) whatever the page size.
    """
    counts = task_counts_for_user(user=user)
    if not user.is_authenticated:
        return [], counts
    items = []
    for kind, (queryset, describe) in _task_sources(user=user).items():
        if not counts[kind]:
            continue
        for row in queryset[: offset + limit]:
            title, object_type, object_id, created_at = describe(row)
            items.append(
                {
                    "kind": kind,
                    "kind_label": TASK_KINDS[kind],
                    "title": title,
                    "object_type": object_type,
                    "object_id": object_id,
                    "created_at": created_at,
                }
            )
    for kind, rows in _computed_tasks(user=user).items():
        for title, object_type, object_id, created_at in rows[: offset + limit]:
            items.append(
                {
                    "kind": kind,
                    "kind_label": TASK_KINDS[kind],
                    "title": title,
                    "object_type": object_type,
                    "object_id": object_id,
                    "created_at": created_at,
                }
            )
    items.sort(key=lambda item: (item["created_at"] is not None, item["created_at"]), reverse=True)
    return items[offset : offset + limit], counts
