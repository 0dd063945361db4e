"""A running job's progress, outside its transaction.

An import is all or nothing: it runs in one transaction, and a row it writes to the Job table
there is seen by nobody else until the import commits (and is gone when it is rolled back or
its worker killed). A second database connection is no way out on SQLite, where it would wait
for the import's write lock. So the worker writes each step of progress (rows done, rows in
all, the time: the job's heartbeat) to the cache JOB_PROGRESS_CACHE — Redis in production,
shared by every web process and worker — keyed by the job and its attempt, and to the Job row
as well whenever it is not inside a transaction. The admin's pages and the stale check read
the cache first and the row after (:func:`job_progress_apply`).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches

from partybuild.jobs.models import Job, JobStatus

#: How long an entry outlives its last write (a day: far longer than any job's silence).
PROGRESS_TIMEOUT = 24 * 60 * 60


def _cache():
    return caches[settings.JOB_PROGRESS_CACHE]


def _key(job_id: int) -> str:
    return f"partybuild.jobs.progress:{job_id}"


def job_progress_store(
    *, job_id: int, attempt: int, done: int, total: int, at: datetime.datetime
) -> None:
    """Record that attempt ``attempt`` of job ``job_id`` has done ``done`` of ``total`` rows at
    ``at``."""
    entry = {"attempt": attempt, "done": done, "total": total, "at": at.timestamp()}
    _cache().set(_key(job_id), entry, PROGRESS_TIMEOUT)


def job_progress_clear(*, job_id: int) -> None:
    """Forget the job's progress (it ended, or is queued again)."""
    _cache().delete(_key(job_id))


def job_progress_apply(jobs: Iterable[Job]) -> None:
    """Bring the progress and heartbeat of each running job in ``jobs`` up to what its worker
    last wrote to the cache (one cache read for them all; no database query)."""
    running = [job for job in jobs if job.status == JobStatus.RUNNING]
    if not running:
        return
    entries = _cache().get_many([_key(job.pk) for job in running])
    for job in running:
        entry = entries.get(_key(job.pk))
        if not entry or entry.get("attempt") != job.attempts:
            continue
        at = datetime.datetime.fromtimestamp(entry["at"], tz=datetime.UTC)
        if job.heartbeat_at is None or at > job.heartbeat_at:
            job.heartbeat_at = at
            job.rows_done, job.rows_total = entry["done"], entry["total"]
