"""Writes of 后台任务: starting a job, running it (what the worker's task calls), its progress,
and 重试 of a failed one."""

import logging
import tempfile
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.jobs.enqueue import task_enqueue
from partybuild.jobs.kinds import JobFailed, job_kind
from partybuild.jobs.models import Job, JobStatus
from partybuild.models import Organisation, User

logger = logging.getLogger("partybuild.jobs")

#: Progress is written at most this often (seconds), and always at the end.
PROGRESS_INTERVAL = 1.0


@transaction.atomic
def job_start(
    *,
    kind: str,
    user: User,
    organisation: Organisation | None = None,
    params: dict[str, Any] | None = None,
    input_file: Any = None,
    input_name: str = "",
) -> Job:
    """Record a job of ``kind`` started by ``user`` (an uploaded ``input_file`` is kept in
    private storage) and queue it; the worker runs it after the request commits."""
    job_kind(kind)  # an unknown kind is a programming error
    job = Job.objects.create(
        kind=kind, started_by=user, organisation=organisation, params=params or {}
    )
    if input_file is not None:
        job.input_file.save(input_name or "upload.xlsx", File(input_file), save=True)
    _queue(job)
    return job


def _queue(job: Job) -> None:
    from partybuild.jobs.tasks import job_run_task

    task_enqueue(job_run_task, job.pk)


@transaction.atomic
def job_retry(*, job: Job, user: User) -> Job:
    """重试: queue a failed job again (its owner, or a superuser). The kinds are idempotent, so
    what the failed run wrote is not written twice."""
    if not (user.is_superuser or job.started_by_id == user.pk):
        raise PermissionDenied(_("只能重试自己发起的后台任务。"))
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.status != JobStatus.FAILED:
        raise ValidationError(_("只有失败的后台任务可以重试。"), code="job_not_failed")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, error="", rows_done=0, started_at=None, finished_at=None
    )
    job.refresh_from_db()
    _queue(job)
    return job


class _ProgressWriter:
    """``progress(done, total)`` for a running job: writes the counts at most once per
    :data:`PROGRESS_INTERVAL` (a job of 50,000 rows does not write 50,000 times)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.job.rows_done, self.job.rows_total = done, total
        now = time.monotonic()
        if now - self.written_at >= PROGRESS_INTERVAL or done >= total:
            self.written_at = now
            Job.objects.filter(pk=self.job.pk).update(rows_done=done, rows_total=total)


def _error_text(error: BaseException) -> str:
    if isinstance(error, JobFailed | PermissionDenied):
        return str(error)
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return _("执行出错：%(error)s") % {"error": f"{type(error).__name__}: {error}"}


def job_run(*, job_id: int) -> str:
    """Run job ``job_id`` (the worker's task): mark it 进行中, run its kind, keep its result
    file and summary and mark it 已完成, or 失败 with the error. A job already finished (a
    message delivered twice) is left alone. Returns the job's status."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return job.status if job else ""
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])
    with tempfile.TemporaryFile() as output:
        try:
            outcome = job_kind(job.kind).run(job=job, progress=_ProgressWriter(job), output=output)
        except Exception as error:
            if isinstance(error, JobFailed):
                logger.warning("background job %s (%s) failed: %s", job.pk, job.kind, error)
            else:
                logger.exception("background job %s (%s) failed", job.pk, job.kind)
            report = getattr(error, "report_filename", "")
            if report:
                _result_keep(job=job, output=output, filename=report)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                error=_error_text(error),
                result_file=job.result_file.name or "",
                result_name=job.result_name,
                finished_at=timezone.now(),
            )
            return JobStatus.FAILED
        if outcome.filename:
            _result_keep(job=job, output=output, filename=outcome.filename)
    if job.input_file:
        # The upload holds personal data: kept for 重试 while the job fails, gone once it is done.
        job.input_file.delete(save=False)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        summary=outcome.summary,
        error="",
        result_file=job.result_file.name or "",
        result_name=job.result_name,
        input_file="",
        rows_done=max(job.rows_done, job.rows_total),
        finished_at=timezone.now(),
    )
    return JobStatus.SUCCEEDED


def _result_keep(*, job: Job, output, filename: str) -> None:
    """Keep what the kind wrote to ``output`` as the job's result file (replacing the file of
    an earlier attempt)."""
    if job.result_file:
        job.result_file.delete(save=False)
    output.seek(0)
    job.result_file.save(filename, File(output), save=False)
    job.result_name = filename
