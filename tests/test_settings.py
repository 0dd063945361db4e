"""Settings: locale and time zone, and production's deployment checks with the environment set."""

import re
import secrets
import shutil
import sqlite3
from contextlib import closing

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from tests.migrated_database import migrated_database_file
from tests.subprocesses import ROOT, fast_folder, run_manage, run_python


@pytest.fixture
def fast_disk_path(tmp_path):
    """A database folder on the fastest disk there is (tests/subprocesses.py)."""
    with fast_folder(tmp_path) as path:
        yield path


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.AUTH_USER_MODEL == "partybuild.User"


@pytest.mark.early  # seconds in a process of its own, without a database: see tests/ordering.py
def test_production_passes_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
            "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_encryption_key(tmp_path):
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr


def test_production_refuses_to_start_without_an_audit_chain_key(tmp_path):
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        },
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY" in result.stderr


@pytest.mark.early
@pytest.mark.timeout(1200)  # its two commands may take 480 s each (below)
def test_production_never_creates_demo_accounts(request, tmp_path, fast_disk_path):
    """The end-to-end demo load as `make run` does it, in production: `migrate`, then `load_demo`.

    On SQLite the database starts as a copy of the one this test run has just migrated from
    nothing (tests/migrated_database.py), so `migrate` here only checks that nothing is left to
    apply and runs its post-migrate steps; migrating from nothing is what every worker's test
    database did. Without a copy (PostgreSQL runs) it migrates from nothing itself.
    """
    database = fast_disk_path / "prod.sqlite3"
    if (migrated := migrated_database_file(request.config)) is not None:
        shutil.copyfile(migrated, database)
    env = {
        "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
        "DATABASE_URL": f"sqlite:///{database}",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
        # The Redis server of the machine (CI's too), under a prefix of this run's own.
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    # Generous limits: they only stop a hang. Migrating from nothing took 50 s on a quiet machine
    # and over 120 s on one loaded by other work (a CI run failed on the old 120 s limit).
    migrate = run_manage("migrate", "--noinput", env=env, timeout=480)
    assert migrate.returncode == 0, migrate.stderr
    result = run_manage("load_demo", env=env, timeout=480)
    assert result.returncode == 0, result.stderr
    assert "账号 0 个" in result.stdout
    assert "dangjian123" not in result.stdout  # no demo logins printed either
    # No account, and so none of the letters the demo writes from members' accounts.
    with closing(sqlite3.connect(database)) as db:
        counts = [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (constants)
            for table in ("partybuild_user", "partybuild_secretaryletter")
        ]
    assert counts == [0, 0]


def test_dev_admin_base_url_follows_port():
    """`PORT=8080 make run` serves on 8080, and links in notification e-mails say so."""
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.WAGTAILADMIN_BASE_URL)"
    env = {"DJANGO_SETTINGS_MODULE": "partysite.settings.dev", "WAGTAILADMIN_BASE_URL": ""}
    on_8080 = run_python("-c", code, env={**env, "PORT": "8080"})
    assert on_8080.stdout.strip() == "http://127.0.0.1:8080", on_8080.stderr
    default = run_python("-c", code, env={**env, "PORT": ""})
    assert default.stdout.strip() == "http://127.0.0.1:8000", default.stderr


def test_make_run_prints_every_address_the_readme_lists():
    """The README's table of addresses and what `make run` prints agree (the app API docs were
    missing from the latter)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("It prints the addresses it serves:", 1)[1].split("\n\n", 2)[1]
    paths = re.findall(r"\| http://127\.0\.0\.1:8000(/\S*) \|", table)
    assert "/api/app/docs" in paths and "/app/" in paths and len(paths) == 6
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    for path in paths:
        assert f"http://$(HOST):$(PORT){path}" in recipe, path
