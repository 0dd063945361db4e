"""App API: 我的任务 — what waits on me: unread notices, my pending change requests, my quarterly
思想汇报, and for administrators the change requests and transfers waiting for their decision,
书记信箱 letters and 意见建议 waiting for a reply, overdue recruitment steps, activists due for
their six-monthly examination and probations ending within a month or run past their end."""

import datetime

from ninja import Query, Router, Schema

from partybuild.tasks import task_list_for_user
from partysite.api.errors import error_responses
from partysite.api.pagination import AppPagination

router = Router(tags=["我的任务"])


class TaskOut(Schema):
    kind: str
    kind_label: str
    title: str
    object_type: str
    object_id: int
    created_at: datetime.datetime | None


class TaskCounts(Schema):
    notice_unread: int
    my_change_request: int
    change_request_to_decide: int
    transfer_to_receive: int
    letter_to_reply: int
    letter_to_secretary: int
    suggestion_to_reply: int
    committee_reelection_due: int
    recruitment_overdue: int
    activist_examination_due: int
    probation_ending: int
    probation_overrun: int
    thought_report_due: int


class TaskListOut(Schema):
    items: list[TaskOut]
    count: int
    counts: TaskCounts


@router.get("", response={200: TaskListOut, **error_responses()}, summary="我的任务")
def task_list(request, page: Query[AppPagination.Input]):
    items, counts = task_list_for_user(user=request.user, limit=page.limit, offset=page.offset)
    return {"items": items, "count": sum(counts.values()), "counts": counts}
