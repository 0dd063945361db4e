"""Writes of 后台任务: starting a job, running it (what the worker's task calls), its progress,
重试 of a failed or interrupted one, and the sweep of ``manage.py jobs_purge`` (interrupted
jobs, expired files)."""

import datetime
import logging
import tempfile
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.jobs.enqueue import task_enqueue
from partybuild.jobs.kinds import JobFailed, job_kind
from partybuild.jobs.models import FINISHED_STATUSES, Job, JobStatus
from partybuild.jobs.progress import job_progress_apply, job_progress_clear, job_progress_store
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
    """重试: queue a failed or interrupted job again (its owner, or a superuser). The kinds are
    idempotent, so what an earlier run wrote is not written twice (an import is all or
    nothing: a killed run wrote nothing)."""
    if not (user.is_superuser or job.started_by_id == user.pk):
        raise PermissionDenied(_("只能重试自己发起的后台任务。"))
    locked = Job.objects.select_for_update().get(pk=job.pk)
    job_progress_apply([locked])
    if not locked.is_retryable:
        raise ValidationError(_("只有失败或中断的后台任务可以重试。"), code="job_not_retryable")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED,
        error="",
        summary="",
        rows_done=0,
        rows_total=0,
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    job_progress_clear(job_id=job.pk)
    job.refresh_from_db()
    _queue(job)
    return job


def job_mark_stale(*, now: datetime.datetime | None = None) -> int:
    """Record as 中断 every job 进行中 whose worker has shown no progress for JOB_STALE_AFTER
    seconds (neither in its row nor in the progress cache); returns how many. The pages show
    such a job as 中断 and offer 重试 before this runs; this ends it for good (its files then
    expire like any finished job's). Run by ``manage.py jobs_purge``."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
    candidates = list(
        Job.objects.filter(status=JobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        )
    )
    job_progress_apply(candidates)
    marked = 0
    minutes = max(1, settings.JOB_STALE_AFTER // 60)
    for job in candidates:
        if job.last_seen_at is None or job.last_seen_at >= cutoff:
            continue
        marked += Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts
        ).update(
            status=JobStatus.INTERRUPTED,
            error=_("任务执行中断：超过 %(minutes)s 分钟没有进展（执行它的进程已停止），可以重试。")
            % {"minutes": minutes},
            rows_done=job.rows_done,
            rows_total=job.rows_total,
            heartbeat_at=job.heartbeat_at,
            finished_at=now,
        )
    return marked


def _file_delete(field) -> None:
    if field:
        field.storage.delete(field.name)


def job_files_purge(*, now: datetime.datetime | None = None, keep_days: int | None = None) -> int:
    """Delete the result and uploaded files of every job that ended more than ``keep_days``
    (JOB_FILES_KEEP_DAYS) ago; the job stays listed, its page saying when they were deleted.
    Returns how many jobs lost their files."""
    now = now or timezone.now()
    keep = settings.JOB_FILES_KEEP_DAYS if keep_days is None else keep_days
    expired = Job.objects.filter(
        status__in=FINISHED_STATUSES, finished_at__lt=now - datetime.timedelta(days=keep)
    ).exclude(result_file="", input_file="")
    purged = 0
    for job in expired.iterator():
        _file_delete(job.result_file)
        _file_delete(job.input_file)
        purged += Job.objects.filter(pk=job.pk).update(
            result_file="", input_file="", files_purged_at=now
        )
    return purged


def job_rows_purge(*, now: datetime.datetime | None = None, older_than_days: int) -> int:
    """Delete the jobs (with any file left) that ended more than ``older_than_days`` ago;
    returns how many."""
    now = now or timezone.now()
    old = Job.objects.filter(
        status__in=FINISHED_STATUSES,
        finished_at__lt=now - datetime.timedelta(days=older_than_days),
    )
    for job in old.exclude(result_file="", input_file="").iterator():
        _file_delete(job.result_file)
        _file_delete(job.input_file)
    return old.delete()[0]


class _ProgressWriter:
    """``progress(done, total)`` for attempt ``attempt`` of a running job: records the counts
    and the heartbeat at most once per :data:`PROGRESS_INTERVAL` (a job of 50,000 rows does not
    write 50,000 times), in the progress cache always and in the Job row only outside a
    transaction — inside one (an all-or-nothing import) the row would stay unseen until the
    commit (partybuild/jobs/progress.py)."""

    def __init__(self, job: Job, attempt: int) -> None:
        self.job = job
        self.attempt = attempt
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.job.rows_done, self.job.rows_total = done, total
        now = time.monotonic()
        if now - self.written_at < PROGRESS_INTERVAL and done < total:
            return
        self.written_at = now
        beat = timezone.now()
        self.job.heartbeat_at = beat
        job_progress_store(
            job_id=self.job.pk, attempt=self.attempt, done=done, total=total, at=beat
        )
        if not connection.in_atomic_block:
            Job.objects.filter(
                pk=self.job.pk, status=JobStatus.RUNNING, attempts=self.attempt
            ).update(rows_done=done, rows_total=total, heartbeat_at=beat)


def _error_text(error: BaseException) -> str:
    if isinstance(error, JobFailed | PermissionDenied):
        return str(error)
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return _("执行出错：%(error)s") % {"error": f"{type(error).__name__}: {error}"}


def job_run(*, job_id: int) -> str:
    """Run job ``job_id`` (the worker's task): mark it 进行中, run its kind, keep its result
    file and summary and mark it 已完成, or 失败 with the error. Only a queued job runs: one
    already running or ended (a message delivered twice) is left alone. The end is recorded
    only while the job is still this attempt's (not retried meanwhile after it was taken for
    interrupted). Returns the job's status."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job.status if job else ""
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
    attempt = job.attempts
    this_attempt = Job.objects.filter(
        pk=job.pk, attempts=attempt, status__in=(JobStatus.RUNNING, JobStatus.INTERRUPTED)
    )
    with tempfile.TemporaryFile() as output:
        try:
            outcome = job_kind(job.kind).run(
                job=job, progress=_ProgressWriter(job, attempt), output=output
            )
        except Exception as error:
            if isinstance(error, JobFailed):
                logger.warning("background job %s (%s) failed: %s", job.pk, job.kind, error)
            else:
                logger.exception("background job %s (%s) failed", job.pk, job.kind)
            report = getattr(error, "report_filename", "")
            if report:
                _result_keep(job=job, output=output, filename=report)
            this_attempt.update(
                status=JobStatus.FAILED,
                error=_error_text(error),
                result_file=job.result_file.name or "",
                result_name=job.result_name,
                rows_done=job.rows_done,
                rows_total=job.rows_total,
                heartbeat_at=job.heartbeat_at,
                finished_at=timezone.now(),
            )
            job_progress_clear(job_id=job.pk)
            return JobStatus.FAILED
        if outcome.filename:
            _result_keep(job=job, output=output, filename=outcome.filename)
    if job.input_file:
        # The upload holds personal data: kept for 重试 while the job fails, gone once it is done.
        job.input_file.delete(save=False)
    this_attempt.update(
        status=JobStatus.SUCCEEDED,
        summary=outcome.summary,
        error="",
        result_file=job.result_file.name or "",
        result_name=job.result_name,
        input_file="",
        rows_done=max(job.rows_done, job.rows_total),
        rows_total=job.rows_total,
        heartbeat_at=job.heartbeat_at,
        finished_at=timezone.now(),
    )
    job_progress_clear(job_id=job.pk)
    return JobStatus.SUCCEEDED


def _result_keep(*, job: Job, output, filename: str) -> None:
    """Keep what the kind wrote to ``output`` as the job's result file (replacing the file of
    an earlier attempt)."""
    if job.result_file:
        job.result_file.delete(save=False)
    output.seek(0)
    job.result_file.save(filename, File(output), save=False)
    job.result_name = filename
