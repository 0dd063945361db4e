"""SQLite under concurrent writers (issue 18, item 8): a writer that meets another's lock waits
for it (busy timeout, transactions that take the write lock when they begin), and a lock held
past the timeout is a 503 with Retry-After — JSON on the API, a Chinese page elsewhere — never a
500. The locks are real: a second connection to a file database holds them."""

import datetime
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction

from partybuild import views as portal_views
from partybuild.supervision import services as supervision_services
from partybuild.supervision.models import InspectionAssignment
from tests.api.conftest import client_for
from tests.conftest import PASSWORD
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the busy timeout and transaction mode are SQLite's"
)


@contextmanager
def file_database(tmp_path, **options):
    """An alias ``busy`` for a SQLite file with the default database's options (or ``options``
    instead): each thread that uses it gets its own connection, as requests do."""
    settings_dict = {
        **connection.settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "busy.sqlite3"),
        "OPTIONS": {
            **(connection.settings_dict["OPTIONS"] if connection.vendor == "sqlite" else {}),
            **options,
        },
        "TEST": {},
    }
    connections.settings["busy"] = settings_dict
    try:
        with _busy().cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
            cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        yield connections["busy"]
    finally:
        connections["busy"].close()
        del connections.settings["busy"]
        if hasattr(connections._connections, "busy"):
            delattr(connections._connections, "busy")


def _busy():
    """This thread's connection to the file database, opened here: Django's test case refuses
    to open a connection of an alias it does not know from another thread, not to use one."""
    wrapper = connections["busy"]
    if wrapper.connection is None:
        wrapper.connect()
    return wrapper


def _increment_slowly(errors: list, pause: float) -> None:
    """Read the counter, pause, write it back plus one: the read-then-write that deadlocks two
    DEFERRED transactions."""
    try:
        busy = _busy()
        with transaction.atomic(using="busy"), busy.cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            (value,) = cursor.fetchone()
            time.sleep(pause)
            cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
    except Exception as error:
        errors.append(error)
    finally:
        connections["busy"].close()


@sqlite_only
def test_the_settings_make_sqlite_writers_wait_for_each_other(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["timeout"] >= 5
    assert options["transaction_mode"] == "IMMEDIATE"


@sqlite_only
def test_concurrent_read_then_write_transactions_both_succeed(tmp_path):
    with file_database(tmp_path) as busy:
        errors: list[Exception] = []
        threads = [threading.Thread(target=_increment_slowly, args=(errors, 0.3)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with busy.cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            assert cursor.fetchone() == (4,)


@contextmanager
def lock_held(tmp_path):
    """The file database with a 0.2-second timeout, its write lock held by another thread's
    connection until the block ends."""
    with file_database(tmp_path, timeout=0.2, transaction_mode="IMMEDIATE"):
        locked, release = threading.Event(), threading.Event()

        def holder():
            busy = _busy()
            with transaction.atomic(using="busy"), busy.cursor() as cursor:
                cursor.execute("UPDATE counter SET value = value + 1")
                locked.set()
                release.wait(10)
            connections["busy"].close()

        thread = threading.Thread(target=holder)
        thread.start()
        locked.wait(5)
        try:
            yield
        finally:
            release.set()
            thread.join()


def _write_to_the_locked_database(**kwargs):
    busy = _busy()
    with transaction.atomic(using="busy"), busy.cursor() as cursor:
        cursor.execute("UPDATE counter SET value = value + 1")


def test_a_lock_held_past_the_timeout_is_a_json_503_on_the_api(tmp_path, roles, tree, monkeypatch):
    task = supervision_services.inspection_task_create(
        issuer=tree["general"],
        subject="检查",
        requirements="上传",
        deadline=datetime.date(2026, 12, 31),
        actor=None,
    )
    supervision_services.inspection_task_issue(task=task, targets=[tree["first"]], actor=None)
    assignment = InspectionAssignment.objects.get(task=task)
    supervision_services.inspection_response_submit(
        assignment=assignment, response="已落实", actor=None
    )
    monkeypatch.setattr(
        supervision_services, "inspection_response_accept", _write_to_the_locked_database
    )
    with lock_held(tmp_path):
        response = client_for(roles["admin_parent"]).post(
            f"/api/app/supervision/assignments/{assignment.pk}/accept",
            {},
            content_type="application/json",
        )
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "database_busy"
    assert body["message"] == "系统繁忙，请稍后再试。"


@pytest.mark.usefixtures("portal_pages")
def test_a_lock_held_past_the_timeout_is_a_chinese_503_page(tmp_path, roles, monkeypatch, client):
    monkeypatch.setattr(portal_views, "member_for_user", _write_to_the_locked_database)
    assert client.login(username="member_a", password=PASSWORD)
    with lock_held(tmp_path):
        response = client.get("/me/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "系统繁忙" in response.content.decode()
