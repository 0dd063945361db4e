"""The member app is type-checked against app/src/api/openapi.json: that file must be the live
schema, or a change to the API could break the app without failing its type check."""

from django.core.management import call_command
from django.core.management.base import CommandError

from partysite.management.commands.app_openapi import SCHEMA_PATH, app_openapi_text


def test_committed_schema_is_the_live_schema():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == app_openapi_text(), (
        "运行 python manage.py app_openapi 和 npm --prefix app run api-types 后提交"
    )


def test_check_fails_on_a_stale_schema(tmp_path, monkeypatch):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr("partysite.management.commands.app_openapi.SCHEMA_PATH", stale)
    try:
        call_command("app_openapi", "--check")
    except CommandError as error:
        assert "不一致" in str(error)
    else:
        raise AssertionError("--check accepted a stale schema")
    call_command("app_openapi")
    call_command("app_openapi", "--check")
