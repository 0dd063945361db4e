"""后台任务 on the immediate backend (every task runs when it is queued): large member imports
and exports become jobs whose result only their owner downloads, a failed job shows its error
and 重试 runs it again, and neither a retried job nor a retried fan-out writes a row twice."""

import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partybuild.jobs.kinds import JobFailed, JobKind, JobOutcome, job_kind_register
from partybuild.jobs.models import Job, JobStatus
from partybuild.jobs.registers import MEMBER_IMPORT
from partybuild.jobs.services import job_start
from partybuild.models import Member, Message, MessageKind
from partybuild.services.messages import message_send_once
from tests.partybuild.test_excel_members import grant, row, xlsx
from tests.partybuild.test_excel_members import make_id_number as id_number

pytestmark = pytest.mark.django_db

JOBS = reverse("jobs:index")


def job_page(job) -> str:
    return reverse("jobs:detail", args=[job.pk])


IMPORT = reverse("partybuild_excel_member_import")
EXPORT = reverse("partybuild_excel_member_export")


def member_rows(count: int) -> list[dict]:
    """``count`` valid rows of members of 一支部 (born 1980-05-06, as ``row`` says)."""
    born = datetime.date(1980, 5, 6)
    return [row(姓名=f"党员{n}", 公民身份号码=id_number(born, n + 1)) for n in range(count)]


def upload(client, content: bytes, **data):
    file = io.BytesIO(content)
    file.name = "党员.xlsx"
    return client.post(IMPORT, {"file": file, **data})


@pytest.fixture
def secretary(make_admin, tree):
    user = make_admin("secretary", tree["general"])
    grant(user, "add_member", "view_member", "change_member")
    return user


# --- imports and exports over the threshold ------------------------------------------------


@override_settings(JOB_ROWS_THRESHOLD=3)
def test_an_import_over_the_threshold_runs_as_a_job_all_or_nothing(client, secretary):
    client.force_login(secretary)
    response = upload(client, xlsx(*member_rows(4)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job_page(job)
    assert (job.kind, job.status, job.started_by) == (MEMBER_IMPORT, JobStatus.SUCCEEDED, secretary)
    assert (job.rows_done, job.rows_total) == (4, 4)
    assert Member.objects.count() == 4
    assert not job.input_file  # the upload (personal data) is gone once imported
    page = client.get(JOBS).content.decode()
    assert "导入党员信息" in page and "已导入 4 个党员。" in page and "已完成" in page

    # The same file again: every ID number is registered, nothing is written twice, and the
    # failed job's report lists each row.
    upload(client, xlsx(*member_rows(4)))
    failed = Job.objects.latest("pk")
    assert failed.status == JobStatus.FAILED
    assert "共 4 处错误，未写入任何数据" in failed.error
    assert Member.objects.count() == 4
    report = client.get(reverse("jobs:download", args=[failed.pk]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert "第2行" in text and "该公民身份号码已被登记。" in text


@override_settings(JOB_ROWS_THRESHOLD=3)
def test_an_import_at_the_threshold_is_answered_in_the_request(client, secretary):
    client.force_login(secretary)
    response = upload(client, xlsx(*member_rows(3)))
    assert response.status_code == 200
    assert "导入成功：共导入 3 个党员。" in response.content.decode()
    assert not Job.objects.exists()


@override_settings(JOB_ROWS_THRESHOLD=2)
def test_an_export_over_the_threshold_is_downloaded_by_its_owner_only(
    client, secretary, make_admin, tree, member_factory
):
    for name in ("一支部", "二支部", "一支部"):
        member_factory(name)
    member_factory("三支部")  # outside the secretary's subtree
    client.force_login(secretary)
    response = client.post(EXPORT)
    job = Job.objects.get()
    assert response["Location"] == job_page(job)
    assert (job.status, job.rows_total) == (JobStatus.SUCCEEDED, 3)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert sheet.max_row == 4  # headings and the three members in scope

    other = make_admin("other", tree["general"])
    client.force_login(other)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "data-job=" not in client.get(JOBS).content.decode()


@override_settings(JOB_ROWS_THRESHOLD=2)
def test_a_superuser_sees_and_downloads_every_job(client, secretary, superuser, member_factory):
    for _n in range(3):
        member_factory("一支部")
    client.force_login(secretary)
    client.post(EXPORT)
    job = Job.objects.get()
    client.force_login(superuser)
    assert f'data-job="{job.pk}"' in client.get(JOBS).content.decode()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


# --- failure and 重试 ----------------------------------------------------------------------

#: Whether the test kind below fails (the cause a person fixes before retrying).
BROKEN = {"now": True}


def _flaky_run(*, job, progress, output):
    progress(1, 2)
    if BROKEN["now"]:
        raise JobFailed("党费基数表缺失，请先设置。")
    progress(2, 2)
    output.write(b"done")
    return JobOutcome(summary="完成。", filename="结果.txt")


@pytest.fixture
def flaky_kind():
    job_kind_register(JobKind("test_flaky", "测试任务", _flaky_run))
    BROKEN["now"] = True
    return "test_flaky"


def test_a_failed_job_shows_its_error_and_is_retried(client, secretary, flaky_kind):
    client.force_login(secretary)
    job = job_start(kind=flaky_kind, user=secretary)
    job.refresh_from_db()
    assert (job.status, job.error, job.rows_done) == (
        JobStatus.FAILED,
        "党费基数表缺失，请先设置。",
        1,
    )
    page = client.get(JOBS).content.decode()
    assert "失败" in page and "党费基数表缺失，请先设置。" in page and "重试" in page

    BROKEN["now"] = False
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response["Location"] == job_page(job)
    job.refresh_from_db()
    assert (job.status, job.error, job.summary, job.attempts) == (
        JobStatus.SUCCEEDED,
        "",
        "完成。",
        2,
    )
    assert job.percent == 100
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"done"
    # A finished job is not retried.
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.attempts == 2


def test_only_the_owner_retries_a_job(client, secretary, make_admin, tree, flaky_kind):
    job = job_start(kind=flaky_kind, user=secretary)
    client.force_login(make_admin("other", tree["general"]))
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.attempts == 1


def test_the_list_reloads_itself_while_a_job_is_unfinished(client, secretary, flaky_kind):
    client.force_login(secretary)
    job = job_start(kind=flaky_kind, user=secretary)
    assert 'http-equiv="refresh"' not in client.get(JOBS).content.decode()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, rows_done=5, rows_total=20)
    page = client.get(JOBS).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress max="100" value="25">' in page and "5 / 20 行" in page


def test_the_list_takes_the_same_queries_for_5_and_for_20_jobs(client, secretary, flaky_kind):
    client.force_login(secretary)
    counts = []
    for count in (5, 20):
        Job.objects.all().delete()
        Job.objects.bulk_create([Job(kind=flaky_kind, started_by=secretary) for _n in range(count)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(JOBS).content.decode().count("data-job=") == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- fan-outs -----------------------------------------------------------------------------


def test_a_fan_out_killed_half_way_and_run_again_sends_each_message_once(make_admin, tree):
    users = [make_admin(f"m{n}", tree["first"]) for n in range(7)]
    ids = [user.pk for user in users]
    send = {
        "kind": MessageKind.NOTICE,
        "title": "新通知：学习",
        "object_type": "notice",
        "object_id": 42,
        "batch_size": 3,
    }
    # The killed run had committed its first batch.
    assert message_send_once(recipients=ids[:3], **send) == 3
    assert message_send_once(recipients=ids, **send) == 4
    assert message_send_once(recipients=ids, **send) == 0
    for user in users:
        assert Message.objects.filter(recipient=user, object_id=42).count() == 1


def test_a_fan_out_takes_the_same_queries_per_batch_whatever_its_size(
    make_admin, tree, django_assert_num_queries
):
    users = [make_admin(f"m{n}", tree["first"]) for n in range(20)]
    for size, object_id in ((5, 1), (20, 2)):
        with django_assert_num_queries(7):
            message_send_once(
                recipients=[user.pk for user in users[:size]],
                kind=MessageKind.NOTICE,
                title="通知",
                object_type="notice",
                object_id=object_id,
            )


# --- mail through the queue ---------------------------------------------------------------


@override_settings(
    EMAIL_BACKEND="partybuild.jobs.mail.QueuedEmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_mail_goes_through_the_queue_to_the_delivery_backend():
    from django.core.mail import send_mail

    assert send_mail("审核通知", "请审核。", "a@example.com", ["b@example.com"]) == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [("审核通知", ["b@example.com"])]


# --- 核定党费 -------------------------------------------------------------------------------


def test_the_dues_assessment_runs_as_a_job_of_the_chosen_month(client, secretary, member_factory):
    member_factory("一支部")
    client.force_login(secretary)
    address = reverse("partybuild_dues_assess_job")
    assert client.get(address).status_code == 200
    response = client.post(address, {"month": "2026-03-15", "organisation": ""})
    job = Job.objects.get()
    assert response["Location"] == job_page(job)
    assert (job.kind, job.params, job.status) == (
        "dues_assess",
        {"month": "2026-03-01"},
        JobStatus.SUCCEEDED,
    )
    assert job.summary.startswith("2026年03月：新核定 0 人，已核定 0 人，缺少党费基数 1 人")


def test_the_dues_assessment_job_is_refused_outside_the_dues_register(client, make_admin, tree):
    from partybuild.models import User

    plain = User.objects.create_user(username="plain", password="x")
    client.force_login(plain)
    response = client.post(reverse("partybuild_dues_assess_job"), {"month": "2026-03-15"})
    assert response.status_code in (302, 403)
    assert not Job.objects.exists()
