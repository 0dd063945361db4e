"""``manage.py jobs_purge``: the housekeeping of 后台任务, run hourly by
deploy/systemd/partysite-jobs-purge.timer (deploy/README.md).

It records as 中断 the jobs whose worker stopped mid-way (no progress for JOB_STALE_AFTER
seconds), then deletes the result and uploaded files of jobs that ended more than
JOB_FILES_KEEP_DAYS days ago (``--keep-days``), and, with ``--delete-jobs-older-than DAYS``,
the records of jobs that ended longer ago than that.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partybuild.jobs.services import job_files_purge, job_mark_stale, job_rows_purge


class Command(BaseCommand):
    help = "标记已中断的后台任务，删除超过保留期的结果文件和上传文件（可选：删除过旧的任务记录）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="结果文件保留天数（默认 JOB_FILES_KEEP_DAYS）。",
        )
        parser.add_argument(
            "--delete-jobs-older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help="同时删除结束超过这么多天的任务记录。",
        )

    def handle(self, *args, keep_days, delete_jobs_older_than, **options):
        keep = settings.JOB_FILES_KEEP_DAYS if keep_days is None else keep_days
        if keep < 0 or (delete_jobs_older_than is not None and delete_jobs_older_than < keep):
            raise CommandError("保留天数不能为负，任务记录的保留天数不能少于文件的保留天数。")
        interrupted = job_mark_stale()
        purged = job_files_purge(keep_days=keep)
        self.stdout.write(f"标记为中断的任务：{interrupted}")
        self.stdout.write(f"删除文件的任务（结束超过 {keep} 天）：{purged}")
        if delete_jobs_older_than is not None:
            deleted = job_rows_purge(older_than_days=delete_jobs_older_than)
            self.stdout.write(f"删除的任务记录（结束超过 {delete_jobs_older_than} 天）：{deleted}")
