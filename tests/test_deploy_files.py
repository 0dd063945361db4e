"""deploy/ agrees with the application: the upload limit, the private files' internal location,
the proxy headers, the variables production requires, and gunicorn's figures from the
environment (deploy/README.md)."""

import re
import runpy

from django.conf import settings

from partybuild.uploads import MAX_SIZE
from tests.subprocesses import ROOT

DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx" / "partysite.conf").read_text(encoding="utf-8")
PROXY = (DEPLOY / "nginx" / "partysite_proxy.conf").read_text(encoding="utf-8")
ENV_EXAMPLE = (DEPLOY / "env.example").read_text(encoding="utf-8")
UNITS = {unit.name: unit.read_text(encoding="utf-8") for unit in (DEPLOY / "systemd").iterdir()}


def env_example_values() -> dict[str, str]:
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE, re.M))


def location(path: str) -> str:
    """The body of nginx's ``location <path> { … }`` (no nested blocks)."""
    return re.search(rf"location {re.escape(path)} \{{(.*?)\}}", SITE, re.S).group(1)


def test_nginx_takes_the_largest_upload_the_application_accepts_and_not_much_more():
    size = re.search(r"client_max_body_size (\d+)m;", SITE)
    limit = int(size.group(1)) * 1024 * 1024
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, *MAX_SIZE.values())
    assert largest < limit <= largest * 1.1


def test_private_files_are_sent_only_through_the_internal_location():
    prefix = env_example_values()["PRIVATE_FILES_ACCEL_REDIRECT"]
    body = location(prefix)
    assert re.search(r"^\s*internal;", body, re.M)
    media_root = env_example_values()["PRIVATE_MEDIA_ROOT"]
    assert f"alias {media_root.rstrip('/')}/;" in body


def test_the_proxy_headers_are_the_ones_the_application_trusts():
    production = (ROOT / "partysite" / "settings" / "production.py").read_text(encoding="utf-8")
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in production
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in PROXY
    # nginx appends the address it saw: TRUSTED_PROXY_COUNT=1 takes that one.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in PROXY
    assert env_example_values()["TRUSTED_PROXY_COUNT"] == "1"
    assert "proxy_set_header Host $host;" in PROXY


def test_the_env_example_names_every_required_variable_and_holds_no_secret():
    production = (ROOT / "partysite" / "settings" / "production.py").read_text(encoding="utf-8")
    required = set(re.findall(r'_require_env\("([A-Z_]+)"\)', production))
    assert {"DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEY", "REDIS_URL"} <= required
    values = env_example_values()
    assert required <= set(values)
    for secret in ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEY", "AUDIT_HMAC_KEY"):
        assert values[secret] == "", secret


def test_gunicorn_takes_its_figures_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (config["workers"], config["timeout"], config["bind"]) == (7, 45, "127.0.0.1:9001")
    assert "Authorization" not in config["access_log_format"]
    monkeypatch.delenv("GUNICORN_WORKERS")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] >= 3


def test_the_units_run_gunicorn_and_the_task_worker_with_production_settings():
    web, worker = UNITS["partysite-web.service"], UNITS["partysite-worker.service"]
    assert "gunicorn -c deploy/gunicorn.conf.py partysite.wsgi" in web
    assert re.search(r"^ExecStart=\S+/python manage.py db_worker$", worker, re.M)
    for unit in (web, worker):
        assert "Environment=DJANGO_SETTINGS_MODULE=partysite.settings.production" in unit
        assert "EnvironmentFile=/etc/partysite/env" in unit


def test_the_jobs_housekeeping_runs_hourly_with_production_settings():
    service = UNITS["partysite-jobs-purge.service"]
    assert re.search(r"^ExecStart=\S+/python manage.py jobs_purge$", service, re.M)
    assert "Environment=DJANGO_SETTINGS_MODULE=partysite.settings.production" in service
    assert "Unit=" not in service and "OnCalendar=hourly" in UNITS["partysite-jobs-purge.timer"]
