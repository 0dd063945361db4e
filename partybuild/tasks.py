"""我的任务: what waits on a user, gathered from every app that has such work.

Each app registers its kinds of task (:func:`task_kind_register`, from its ``AppConfig.ready``):
the kernel its change requests and transfers, content its unread notices, 发展党员 its overdue
steps and the quarterly 思想汇报. A kind is either stored rows (a queryset, newest first, and how a
row becomes a task) or computed from rules (a list of tasks). The app API's 首页 and 我的任务 read
them through :func:`task_counts_for_user` and :func:`task_list_for_user`, so the kernel never
imports the apps that contribute (docs/architecture.md, "Registries").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

#: A task as (title, object_type, object_id, created_at).
Task = tuple[str, str, int, datetime.datetime | None]


@dataclass(frozen=True)
class TaskKind:
    """One kind of task: its code, Chinese label and place in the list of kinds, and either
    ``stored`` (user → queryset newest first, and row → task) or ``computed`` (user → tasks).
    A computed kind that can count its tasks without building them (the rules applied in the
    database) also gives ``counted`` (user → int); its ``computed`` then takes ``limit`` and is
    called only when the tasks are listed, for at most the page's end.

    An administrator's kind names the ``permission`` (``app.codename``) that deciding such a
    task needs: without it (and a role in force) the kind yields nothing, however wide the
    user's scope, so an 审计管理员 is not shown members' change requests. Its ``admin_url`` (a URL
    name) is the admin list where such tasks are done: the admin home's 待办事项 links there."""

    kind: str
    label: str
    order: int
    stored: Callable[..., tuple[QuerySet, Callable[..., Task]]] | None = None
    computed: Callable[..., list[Task]] | None = None
    counted: Callable[..., int] | None = None
    permission: str | None = None
    admin_url: str | None = None


_TASK_KINDS: dict[str, TaskKind] = {}


def task_kind_register(task_kind: TaskKind) -> None:
    """Make ``task_kind`` known (idempotent: registering the same code again replaces it)."""
    _TASK_KINDS[task_kind.kind] = task_kind


def task_kinds() -> list[TaskKind]:
    """The registered kinds in their order."""
    return sorted(_TASK_KINDS.values(), key=lambda kind: kind.order)


def _task_sources(user) -> list[tuple[TaskKind, int, Callable[[int], list[Task]]]]:
    """Each kind with its count and a function giving its first ``n`` tasks. A stored kind's
    queryset is built once and counted; a counted kind is counted, and lists only when asked; a
    computed kind's tasks are computed once."""
    from partybuild.selectors.roles import user_administers

    sources = []
    for kind in task_kinds():
        if kind.permission is not None and not user_administers(user, kind.permission):
            sources.append((kind, 0, lambda n: []))
        elif kind.stored is not None:
            queryset, describe = kind.stored(user)
            sources.append(
                (kind, queryset.count(), lambda n, q=queryset, d=describe: [d(r) for r in q[:n]])
            )
        elif kind.counted is not None:
            sources.append((kind, kind.counted(user), lambda n, k=kind: k.computed(user, limit=n)))
        else:
            tasks = kind.computed(user)
            sources.append((kind, len(tasks), lambda n, t=tasks: t[:n]))
    return sources


def task_counts_for_user(*, user) -> dict[str, int]:
    """How many tasks of each kind wait on ``user`` (one COUNT per stored kind)."""
    if not user.is_authenticated:
        return {kind.kind: 0 for kind in task_kinds()}
    return {kind.kind: count for kind, count, _first in _task_sources(user)}


def task_counts_to_administer(*, user) -> list[tuple[TaskKind, int]]:
    """The administrators' kinds (those with an ``admin_url``) with how many of each wait on
    ``user``; kinds the user may not decide count 0."""
    if not user.is_authenticated:
        return []
    return [(kind, count) for kind, count, _first in _task_sources(user) if kind.admin_url]


def task_list_for_user(*, user, limit: int, offset: int) -> tuple[list[dict], dict[str, int]]:
    """A page of ``user``'s tasks, newest first, and the counts per kind.

    Takes at most ``offset + limit`` tasks of each kind and merges them, so the number of queries
    is fixed (two per stored kind) whatever the page size.
    """
    if not user.is_authenticated:
        return [], task_counts_for_user(user=user)
    sources = _task_sources(user)
    items = []
    for kind, count, first in sources:
        if not count:
            continue
        for title, object_type, object_id, created_at in first(offset + limit):
            items.append(
                {
                    "kind": kind.kind,
                    "kind_label": kind.label,
                    "title": title,
                    "object_type": object_type,
                    "object_id": object_id,
                    "created_at": created_at,
                }
            )
    items.sort(key=lambda item: (item["created_at"] is not None, item["created_at"]), reverse=True)
    counts = {kind.kind: count for kind, count, _first in sources}
    return items[offset : offset + limit], counts


def register() -> None:
    """The kernel's kinds: change requests (mine, and those I decide) and incoming transfers."""
    from partybuild.models import ChangeRequestStatus, MemberChangeRequest
    from partybuild.selectors.change_requests import change_request_scope_for_user
    from partybuild.selectors.transfers import transfer_incoming_pending

    pending = ChangeRequestStatus.PENDING
    task_kind_register(
        TaskKind(
            "my_change_request",
            "我的档案修改申请（待审核）",
            20,
            stored=lambda user: (
                MemberChangeRequest.objects.filter(member__user=user, status=pending).order_by(
                    "-requested_at", "-pk"
                ),
                lambda r: ("档案修改申请待审核", "change_request", r.pk, r.requested_at),
            ),
        )
    )
    task_kind_register(
        TaskKind(
            "change_request_to_decide",
            "待我审核的档案修改申请",
            30,
            stored=lambda user: (
                change_request_scope_for_user(user=user)
                .filter(status=pending)
                .exclude(requested_by=user)
                .order_by("-requested_at", "-pk"),
                lambda r: (
                    f"「{r.member.name}」申请修改档案",
                    "change_request",
                    r.pk,
                    r.requested_at,
                ),
            ),
            permission="partybuild.change_memberchangerequest",
            admin_url="change_requests:index",
        )
    )
    task_kind_register(
        TaskKind(
            "transfer_to_receive",
            "待我接收的组织关系转接",
            40,
            stored=lambda user: (
                transfer_incoming_pending(user=user).order_by("-started_at", "-pk"),
                lambda t: (f"「{t.member.name}」的组织关系待接收", "transfer", t.pk, t.started_at),
            ),
            permission="partybuild.change_transfer",
            admin_url="transfers:index",
        )
    )
