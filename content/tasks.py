"""Content's kind of 我的任务 (partybuild/tasks.py): the notices addressed to me that I have not
read."""

from partybuild.tasks import TaskKind, task_kind_register


def register() -> None:
    """Called from the app's ``ready``."""
    from content.receipts import notice_list_for_member

    task_kind_register(
        TaskKind(
            "notice_unread",
            "未读通知",
            10,
            stored=lambda user: (
                notice_list_for_member(user=user).filter(is_read=False),
                lambda n: (n.title, "notice", n.pk, n.first_published_at),
            ),
        )
    )
