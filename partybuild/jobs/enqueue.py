"""Putting a task on the queue from inside a request's transaction."""

from typing import Any

from django.db import transaction
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend


def task_enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` once the current transaction commits, so the worker finds the rows the
    request wrote (and nothing is queued for a request that fails). On the immediate backend
    (tests) the task runs at once, inside the caller's transaction, as the work did before it
    became a task."""
    if isinstance(task_backends[task.backend], ImmediateBackend):
        task.enqueue(*args, **kwargs)
        return
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
