"""The record of a long background job (后台任务)."""

import datetime
import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.models.files import private_storage


class JobStatus(models.TextChoices):
    """Where a job is; a failed or interrupted job may be retried. 中断: its worker stopped
    (killed, restarted, lost) while it ran, seen by its heartbeat growing old
    (:attr:`Job.is_stale`)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
    INTERRUPTED = "interrupted", _("中断")


#: The statuses a job ends in (its files are kept JOB_FILES_KEEP_DAYS from then).
FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.INTERRUPTED)


def _job_file_path(instance: "Job", filename: str) -> str:
    # The stored name never carries the person's file name (it may hold a name); the
    # extension keeps the type.
    extension = posixpath.splitext(filename)[1].lower()[:10]
    return f"jobs/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Job(models.Model):
    """One long job started by a person: what it does (``kind``, ``params``, an uploaded
    ``input_file``), for which organisation subtree, how far it got, and what came of it (a
    ``result_file`` in private storage, a summary, or the error). Its result is downloadable
    only by ``started_by`` (and a superuser), through :mod:`partybuild.jobs.views`."""

    kind = models.CharField(_("类别"), max_length=64)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    organisation = models.ForeignKey(
        "partybuild.Organisation",
        verbose_name=_("范围"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    input_file = models.FileField(
        _("上传的文件"), storage=private_storage, upload_to=_job_file_path, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    result_file = models.FileField(
        _("结果文件"), storage=private_storage, upload_to=_job_file_path, blank=True
    )
    result_name = models.CharField(_("结果文件名"), max_length=255, blank=True)
    summary = models.TextField(_("结果"), blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    files_purged_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_owner_created")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        """Whether the job has ended (done, failed or interrupted): nothing more will change
        unless it is retried."""
        return self.status in FINISHED_STATUSES

    @property
    def last_seen_at(self) -> datetime.datetime | None:
        """When the running job last showed progress (its start, before any)."""
        return self.heartbeat_at or self.started_at

    @property
    def is_stale(self) -> bool:
        """A job 进行中 whose worker has shown no progress for JOB_STALE_AFTER seconds: the
        worker is gone, and the job counts as 中断 (retryable) even before ``jobs_purge``
        records it so. Progress kept in the cache (partybuild/jobs/progress.py) is applied to
        the job before this is asked."""
        if self.status != JobStatus.RUNNING or self.last_seen_at is None:
            return False
        stale_after = datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
        return self.last_seen_at < timezone.now() - stale_after

    @property
    def is_interrupted(self) -> bool:
        return self.status == JobStatus.INTERRUPTED or self.is_stale

    @property
    def is_retryable(self) -> bool:
        """重试 is offered for a failed or interrupted job."""
        return self.status == JobStatus.FAILED or self.is_interrupted

    @property
    def status_label(self) -> str:
        """The status a person reads: 中断 for a running job whose worker is gone."""
        if self.is_stale:
            return str(JobStatus.INTERRUPTED.label)
        return self.get_status_display()

    @property
    def files_expire_at(self) -> datetime.datetime | None:
        """When ``jobs_purge`` deletes the job's files (JOB_FILES_KEEP_DAYS after it ended);
        None while it runs or when it has no file."""
        if not self.is_finished or self.finished_at is None:
            return None
        if not (self.result_file or self.input_file):
            return None
        return self.finished_at + datetime.timedelta(days=settings.JOB_FILES_KEEP_DAYS)

    @property
    def percent(self) -> int:
        """How far the job got, 0–100 (100 once it succeeded)."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
