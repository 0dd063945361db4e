"""The real workers: a job queued on the database queue and run by ``manage.py db_worker``, and
one queued on Redis and run by RQ's worker, each in a process of its own, on SQLite and on
PostgreSQL. Redis must answer at 127.0.0.1:6379 (RQ_QUEUES in the test settings, database 2);
without it the RQ test is skipped locally and fails in CI (.ci/run starts Redis)."""

import datetime
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from partybuild.jobs.models import JobStatus
from partybuild.jobs.registers import MEMBER_EXPORT
from partybuild.jobs.services import job_start
from partybuild.models import Message, User
from partybuild.orglife.models import MeetingKind
from partybuild.orglife.services.meetings import meeting_create, meeting_publish
from partysite.settings.base import tasks_setting
from tests.subprocesses import fast_folder, run_manage

# serialized_rollback: the migrated rows (permissions, the tree's groups) are put back before
# it, as for every other flushing test (tests/ordering.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKERS = {
    "database": ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*"),
    "rq": ("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"),
}


def redis_queue():
    """The RQ queue of the tests, emptied, or None when Redis does not answer."""
    import django_rq

    try:
        queue = django_rq.get_queue("default")
        queue.connection.ping()
    except redis.RedisError:
        return None
    queue.empty()
    return queue


@contextmanager
def worker_database(folder: Path) -> Iterator[dict[str, str]]:
    """The environment of a worker process that works on the test database. PostgreSQL's test
    database is shared as it is; SQLite's lives in this process's memory, so it is copied to a
    file for the worker and copied back when the worker is done."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        address = f"{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        yield {"DATABASE_URL": f"postgres://{address}/{db['NAME']}"}
        return
    path = folder / "worker.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as file:
        connection.connection.backup(file)
    yield {"DATABASE_URL": f"sqlite:///{path}"}
    with closing(sqlite3.connect(path)) as file:
        file.backup(connection.connection)


def run_worker(backend: str, folder: Path) -> None:
    with worker_database(folder) as env:
        env |= {
            "DJANGO_SETTINGS_MODULE": "partysite.settings.test",
            "TEST_TASKS_BACKEND": backend,
            "TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        }
        if os.environ.get("TEST_REDIS_URL"):
            env["TEST_REDIS_URL"] = os.environ["TEST_REDIS_URL"]
        done = run_manage(*WORKERS[backend], env=env)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize("backend", ["database", "rq"])
def test_a_worker_runs_a_queued_job_and_its_fan_out(
    backend, client, superuser, member_factory, tmp_path
):
    if backend == "rq" and redis_queue() is None:
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer at the test settings' RQ_QUEUES URL")
        pytest.skip("Redis does not answer at 127.0.0.1:6379 (start redis-server to run this)")
    accounts = [User.objects.create_user(username=f"m{n}", password="x") for n in range(3)]
    members = [member_factory("一支部", user=account) for account in accounts]
    starts = timezone.now() + datetime.timedelta(days=1)
    meeting = meeting_create(
        organisation=members[0].organisation,
        actor=None,
        kind=MeetingKind.BRANCH_ASSEMBLY,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="党员活动室",
        topic="学习",
    )
    with override_settings(TASKS=tasks_setting(backend)):
        job = job_start(kind=MEMBER_EXPORT, user=superuser)
        meeting_publish(meeting=meeting, actor=None)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # nothing ran in this process
    assert not Message.objects.exists()

    with fast_folder(tmp_path) as folder:
        run_worker(backend, folder)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    assert (job.rows_done, job.rows_total) == (len(members), len(members))
    assert job.started_at and job.finished_at and job.attempts == 1
    client.force_login(superuser)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # an xlsx (a zip)
    notices = Message.objects.filter(object_type="meeting", object_id=meeting.pk)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted(a.pk for a in accounts)
