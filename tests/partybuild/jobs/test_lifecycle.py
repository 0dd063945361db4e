"""后台任务 over their life: only a POST starts a large export; the texts people read go through
gettext; a running import's progress is seen by other connections while its transaction is
open; a job whose worker was killed shows as 中断 and its 重试 writes no row twice; files of
ended jobs expire (``manage.py jobs_purge``)."""

import datetime
import io
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from partybuild.jobs import registers
from partybuild.jobs import services as job_services
from partybuild.jobs.kinds import JobFailed, JobKind, JobOutcome, job_kind_register
from partybuild.jobs.models import Job, JobStatus
from partybuild.jobs.progress import job_progress_apply, job_progress_store
from partybuild.jobs.registers import MEMBER_EXPORT, MEMBER_IMPORT
from partybuild.jobs.services import job_files_purge, job_mark_stale, job_run
from partybuild.models import Member
from partybuild.services import imports
from tests.partybuild.jobs.test_jobs import member_rows
from tests.partybuild.test_excel_members import grant, xlsx

JOBS = reverse("jobs:index")
EXPORT = reverse("partybuild_excel_member_export")
IMPORT = reverse("partybuild_excel_member_import")
STALE = datetime.timedelta(seconds=900)


@pytest.fixture
def secretary(make_admin, tree):
    user = make_admin("secretary", tree["general"])
    grant(user, "add_member", "view_member", "change_member")
    return user


def job_page(job) -> str:
    return reverse("jobs:detail", args=[job.pk])


def queued_import(user, rows: int) -> Job:
    """A member import of ``rows`` rows as the upload page records it, not yet run."""
    job = Job.objects.create(kind=MEMBER_IMPORT, started_by=user)
    job.input_file.save("upload.xlsx", ContentFile(xlsx(*member_rows(rows))), save=True)
    return job


# --- 1. only a POST starts a job --------------------------------------------------------------


@pytest.mark.django_db
@override_settings(JOB_ROWS_THRESHOLD=2)
def test_a_get_of_a_large_export_starts_nothing_and_offers_the_button(
    client, secretary, tree, member_factory
):
    for name in ("一支部", "二支部", "一支部"):
        member_factory(name)
    client.force_login(secretary)
    for _reload in range(3):  # a crawler, a prefetch, a reload
        page = client.get(EXPORT)
        assert page.status_code == 200
    text = page.content.decode()
    assert "本次导出 3 名党员，超过 2 人" in text
    assert 'method="post"' in text and "生成导出文件" in text and "csrfmiddlewaretoken" in text
    assert not Job.objects.exists()

    # Narrowed to an organisation: the button carries it.
    narrowed = client.get(EXPORT, {"organisation": tree["general"].pk}).content.decode()
    assert f'name="organisation" value="{tree["general"].pk}"' in narrowed
    response = client.post(EXPORT, {"organisation": tree["general"].pk})
    job = Job.objects.get()
    assert response["Location"] == job_page(job)
    assert (job.kind, job.organisation, job.status, job.rows_total) == (
        MEMBER_EXPORT,
        tree["general"],
        JobStatus.SUCCEEDED,
        3,
    )


@pytest.mark.django_db
@override_settings(JOB_ROWS_THRESHOLD=2)
def test_a_post_without_the_csrf_token_starts_no_export(secretary, member_factory):
    for _n in range(3):
        member_factory("一支部")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretary)
    assert strict.post(EXPORT).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
@override_settings(JOB_ROWS_THRESHOLD=3)
def test_an_export_at_the_threshold_still_streams_on_a_get(client, secretary, member_factory):
    for _n in range(3):
        member_factory("一支部")
    client.force_login(secretary)
    response = client.get(EXPORT)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not Job.objects.exists()


# --- 2. the texts go through gettext -----------------------------------------------------------


#: The beginnings of the texts the test looks for, marked as a translation would change them
#: (marking every text would leave marked labels in caches that other tests read).
MARKED = ("本次导出", "导出的党员超过", "已导出", "已重新排队", "已导入 %(count)s")


@pytest.fixture
def marked_translations(monkeypatch):
    """gettext's answer for the texts of :data:`MARKED` comes back marked «…»."""
    translation.gettext("")  # the Trans proxy caches the real function on first use
    real = translation._trans.gettext

    def marked(message):
        text = real(message)
        return f"«{text}»" if str(message).startswith(MARKED) else text

    monkeypatch.setattr(translation._trans, "gettext", marked)


@pytest.mark.django_db
@override_settings(JOB_ROWS_THRESHOLD=2)
def test_the_job_messages_are_translatable(
    client, secretary, member_factory, marked_translations, flaky_failing_kind
):
    for _n in range(3):
        member_factory("一支部")
    client.force_login(secretary)
    assert "«本次导出 3 名党员，超过 2 人" in client.get(EXPORT).content.decode()
    page = client.post(EXPORT, follow=True).content.decode()
    assert "«导出的党员超过 2 人，已在后台生成导出文件" in page
    assert "«已导出 3 名党员。»" in page

    job = job_services.job_start(kind=flaky_failing_kind, user=secretary)
    page = client.post(reverse("jobs:retry", args=[job.pk]), follow=True).content.decode()
    assert "«已重新排队：测试任务。»" in page

    upload = io.BytesIO(xlsx(*member_rows(1)))
    upload.name = "党员.xlsx"
    page = client.post(IMPORT, {"file": upload}, follow=True).content.decode()
    assert "«已导入 1 个党员。»" in page


@pytest.fixture
def flaky_failing_kind():
    def run(*, job, progress, output):
        raise JobFailed("缺少数据。")

    job_kind_register(JobKind("test_failing", "测试任务", run))
    return "test_failing"


# --- 3. progress seen from another connection while the import's transaction is open ---------


def read_from_another_connection(job_id: int) -> tuple[str, int] | str:
    """What the job's page shows (the row, then the progress cache), read by a thread with its
    own database connection: it sees only what is committed."""
    seen: list = []

    def read():
        try:
            job = Job.objects.get(pk=job_id)
            job_progress_apply([job])
            seen.append((job.status, job.rows_done))
        except Exception as error:  # a locked table on SQLite: nothing readable
            seen.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return seen[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_imports_progress_is_seen_by_another_connection_while_it_runs(secretary, monkeypatch):
    monkeypatch.setattr(imports, "MEMBER_BATCH_SIZE", 2)
    monkeypatch.setattr(job_services, "PROGRESS_INTERVAL", 0)
    job = queued_import(secretary, 6)
    seen = []
    real_import_read = registers.import_read

    def import_read(*, progress, **kwargs):
        def reporting(done, total):
            progress(done, total)
            if connection.in_atomic_block:  # inside the import's transaction
                seen.append(read_from_another_connection(job.pk))

        return real_import_read(progress=reporting, **kwargs)

    monkeypatch.setattr(registers, "import_read", import_read)
    assert job_run(job_id=job.pk) == JobStatus.SUCCEEDED
    assert seen == [(JobStatus.RUNNING, 2), (JobStatus.RUNNING, 4), (JobStatus.RUNNING, 6)]
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, Member.objects.count()) == (6, 6, 6)


# --- 4. a killed worker: 中断, and 重试 without duplicates -------------------------------------


class WorkerKilled(BaseException):
    """The worker's process dies (nothing of the job's code catches it)."""


@pytest.mark.django_db
def test_an_import_killed_mid_way_shows_as_interrupted_and_its_retry_writes_each_member_once(
    client, secretary, monkeypatch
):
    monkeypatch.setattr(imports, "MEMBER_BATCH_SIZE", 2)
    monkeypatch.setattr(job_services, "PROGRESS_INTERVAL", 0)
    job = queued_import(secretary, 6)
    kill = {"after": 4}
    real_import_read = registers.import_read

    def import_read(*, progress, **kwargs):
        def reporting(done, total):
            progress(done, total)
            if kill["after"] is not None and done >= kill["after"]:
                raise WorkerKilled

        return real_import_read(progress=reporting, **kwargs)

    monkeypatch.setattr(registers, "import_read", import_read)
    with pytest.raises(WorkerKilled):
        job_run(job_id=job.pk)
    assert Member.objects.count() == 0  # all or nothing: the killed transaction wrote nothing
    client.force_login(secretary)

    # Just killed: still 进行中 with the progress it reported; no 重试 yet.
    page = client.get(job_page(job)).content.decode()
    assert "进行中" in page and "已处理 4 行" in page and "重试" not in page
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)

    # JOB_STALE_AFTER later without a sign of life: 中断, and 重试 is offered.
    long_ago = timezone.now() - STALE - datetime.timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(started_at=long_ago, heartbeat_at=long_ago)
    job_progress_store(job_id=job.pk, attempt=1, done=4, total=0, at=long_ago)
    page = client.get(job_page(job)).content.decode()
    assert "中断" in page and "重试" in page and 'http-equiv="refresh"' not in page
    assert "中断" in client.get(JOBS).content.decode()

    kill["after"] = None
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == (JobStatus.SUCCEEDED, 2, 6)
    assert Member.objects.count() == 6
    assert Member.objects.values("id_number_index").distinct().count() == 6


def running_job(user, *, last_seen: datetime.datetime, cached: datetime.datetime | None = None):
    job = Job.objects.create(
        kind=MEMBER_EXPORT,
        started_by=user,
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=last_seen,
        heartbeat_at=last_seen,
    )
    if cached is not None:
        job_progress_store(job_id=job.pk, attempt=1, done=10, total=0, at=cached)
    return job


@pytest.mark.django_db
def test_stale_running_jobs_are_recorded_as_interrupted_at_the_boundary(secretary):
    now = timezone.now()
    second = datetime.timedelta(seconds=1)
    stale = running_job(secretary, last_seen=now - STALE - second)
    fresh = running_job(secretary, last_seen=now - STALE + second)
    # Inside its transaction an import's heartbeat is only in the progress cache.
    alive = running_job(secretary, last_seen=now - STALE - second, cached=now - second)
    assert job_mark_stale(now=now) == 1
    for job in (stale, fresh, alive):
        job.refresh_from_db()
    assert (stale.status, stale.finished_at) == (JobStatus.INTERRUPTED, now)
    assert "任务执行中断：超过 15 分钟没有进展" in stale.error and stale.is_retryable
    assert fresh.status == alive.status == JobStatus.RUNNING
    assert not fresh.is_retryable


def _taken_for_dead_run(*, job, progress, output):
    if job.attempts == 1:
        # While this run is silent, the job is taken for dead and retried (the immediate
        # backend runs the retry here and now); then this run ends too.
        long_ago = timezone.now() - STALE - datetime.timedelta(seconds=1)
        Job.objects.filter(pk=job.pk).update(started_at=long_ago, heartbeat_at=long_ago)
        job_services.job_retry(job=job, user=job.started_by)
        raise JobFailed("第一次执行的结果。")
    return JobOutcome(summary="第二次执行完成。")


@pytest.mark.django_db
def test_a_run_taken_for_dead_does_not_overwrite_its_retry(secretary):
    job_kind_register(JobKind("test_taken_for_dead", "测试任务", _taken_for_dead_run))
    job = job_services.job_start(kind="test_taken_for_dead", user=secretary)
    job.refresh_from_db()
    assert (job.status, job.summary, job.error, job.attempts) == (
        JobStatus.SUCCEEDED,
        "第二次执行完成。",
        "",
        2,
    )
    # A second delivery of the task finds the job ended and leaves it alone.
    assert job_run(job_id=job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 2


# --- 5. files expire -------------------------------------------------------------------------


def ended_job(user, *, ended: datetime.datetime, name: str) -> Job:
    job = Job.objects.create(
        kind=MEMBER_EXPORT,
        started_by=user,
        status=JobStatus.SUCCEEDED,
        attempts=1,
        finished_at=ended,
        result_name=name,
    )
    job.result_file.save(name, ContentFile(b"PK data"), save=True)
    return job


@pytest.mark.django_db
def test_files_of_jobs_ended_more_than_the_kept_days_ago_are_deleted(client, secretary):
    now = timezone.now()
    week = datetime.timedelta(days=7)
    minute = datetime.timedelta(minutes=1)
    expired = ended_job(secretary, ended=now - week - minute, name="旧.xlsx")
    kept = ended_job(secretary, ended=now - week + minute, name="新.xlsx")
    expired_path = expired.result_file.name
    assert job_files_purge(now=now) == 1
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert not expired.result_file and expired.files_purged_at == now
    assert not kept.result_file.storage.exists(expired_path)
    assert kept.result_file.storage.exists(kept.result_file.name)

    client.force_login(secretary)
    page = client.get(job_page(expired)).content.decode()
    assert "结果文件（旧.xlsx）已于" in page and "过期删除" in page and "下载" not in page
    assert client.get(reverse("jobs:download", args=[expired.pk])).status_code == 404
    kept_page = client.get(job_page(kept)).content.decode()
    expires = timezone.localtime(kept.finished_at + week)
    assert f"文件保留至 {expires:%Y-%m-%d %H:%M}" in kept_page and "下载 新.xlsx" in kept_page


@pytest.mark.django_db
def test_the_purge_command_interrupts_stale_jobs_and_may_delete_old_records(secretary):
    now = timezone.now()
    old = ended_job(secretary, ended=now - datetime.timedelta(days=200), name="旧.xlsx")
    recent = ended_job(secretary, ended=now - datetime.timedelta(days=10), name="近.xlsx")
    stale = running_job(secretary, last_seen=now - STALE - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("jobs_purge", "--delete-jobs-older-than", "180", stdout=out)
    assert "标记为中断的任务：1" in out.getvalue()
    assert "删除文件的任务（结束超过 7 天）：2" in out.getvalue()
    assert "删除的任务记录（结束超过 180 天）：1" in out.getvalue()
    assert not Job.objects.filter(pk=old.pk).exists()
    recent.refresh_from_db()
    stale.refresh_from_db()
    assert not recent.result_file and recent.files_purged_at
    assert stale.status == JobStatus.INTERRUPTED


@pytest.mark.django_db
def test_another_administrators_job_page_is_not_found(client, secretary, make_admin, tree):
    job = ended_job(secretary, ended=timezone.now(), name="结果.xlsx")
    client.force_login(make_admin("other", tree["general"]))
    assert client.get(job_page(job)).status_code == 404
    client.force_login(secretary)
    assert client.get(job_page(job)).status_code == 200
