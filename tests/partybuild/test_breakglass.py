"""The break-glass superuser (issue 17, 三员分立): granted from the command line for a limited
time or until revoked, every use audited; production refuses to start a web process while an
enabled superuser exists unless ALLOW_ACTIVE_SUPERUSER=true."""

import datetime
import secrets
import shutil
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from partybuild.models import User
from partybuild.selectors.superusers import superusers_active
from partybuild.services.superusers import (
    SUPERUSER_GRANT_ACTION,
    SUPERUSER_LAPSE_ACTION,
    SUPERUSER_REVOKE_ACTION,
    superuser_grant,
    superuser_grants_expire,
)
from partybuild.startup import refuse_active_superuser
from tests.migrated_database import migrated_database_file
from tests.partybuild.account_forms import account_data
from tests.subprocesses import fast_folder, run_manage, run_python

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))


def breakglass(*args: str) -> str:
    out = StringIO()
    call_command("breakglass", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def entries(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_a_grant_makes_a_new_superuser_for_four_hours_and_is_audited():
    before = timezone.now()
    output = breakglass("--username", "rescue", "--reason", "数据库故障排查", "--operator", "ops1")
    account = User.objects.get(username="rescue")
    assert account.is_superuser and account.is_active
    assert before + datetime.timedelta(hours=4) <= account.superuser_until
    assert account.superuser_until <= timezone.now() + datetime.timedelta(hours=4)
    password = output.split("（仅显示一次）：")[1].strip()
    assert account.check_password(password)
    [entry] = entries(SUPERUSER_GRANT_ACTION)
    assert entry.object_id == str(account.pk)
    assert entry.user is None
    assert entry.data["operator"] == "ops1"
    assert entry.data["reason"] == "数据库故障排查"
    assert entry.data["created"] is True
    assert entry.timestamp >= before


def test_a_grant_until_revoked_re_enables_an_existing_account_keeping_its_password():
    user = User.objects.create_user(username="ops", password="old-long-passphrase", is_active=False)
    output = breakglass("--username", "ops", "--reason", "紧急恢复", "--until-revoked")
    user.refresh_from_db()
    assert user.is_superuser and user.is_active
    assert user.superuser_until is None
    assert user.check_password("old-long-passphrase")
    assert "一次性密码" not in output
    assert entries(SUPERUSER_GRANT_ACTION)[0].data["until"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("--username", "rescue"),
        ("--username", "rescue", "--reason", "  "),
        ("--username", "rescue", "--reason", "排查", "--hours", "0"),
        ("--username", "rescue", "--reason", "排查", "--hours", "-1"),
        ("--reason", "排查"),
    ],
)
def test_a_grant_without_reason_account_or_duration_is_refused(args):
    with pytest.raises(CommandError):
        breakglass(*args)
    assert not User.objects.filter(is_superuser=True).exists()
    assert not entries(SUPERUSER_GRANT_ACTION)


def test_a_grant_ending_now_or_earlier_is_refused():
    for until in (NOW, NOW - datetime.timedelta(seconds=1)):
        with pytest.raises(ValidationError) as refused:
            superuser_grant(username="x", reason="r", operator="o", until=until, now=NOW)
        assert refused.value.error_dict["until"][0].code == "superuser_until_past"
    account, _password = superuser_grant(
        username="x", reason="r", operator="o", until=NOW + datetime.timedelta(seconds=1), now=NOW
    )
    assert account.is_superuser


def test_revoke_takes_the_flag_and_is_audited():
    breakglass("--username", "rescue", "--reason", "排查")
    breakglass("--revoke", "--username", "rescue", "--reason", "排查完毕", "--operator", "ops2")
    account = User.objects.get(username="rescue")
    assert not account.is_superuser
    assert account.superuser_until is None
    [entry] = entries(SUPERUSER_REVOKE_ACTION)
    assert (entry.data["operator"], entry.data["reason"]) == ("ops2", "排查完毕")
    # Nothing left to revoke.
    with pytest.raises(CommandError, match="没有账号为「rescue」的超级管理员"):
        breakglass("--revoke", "--username", "rescue", "--reason", "再次")


def test_grants_lapse_at_their_end_not_before():
    superuser_grant(
        username="a", reason="r", operator="o", until=NOW + datetime.timedelta(hours=1), now=NOW
    )
    at_end = NOW + datetime.timedelta(hours=1)
    assert superuser_grants_expire(now=at_end - datetime.timedelta(seconds=1)) == 0
    assert list(superusers_active(now=at_end - datetime.timedelta(seconds=1))) == [
        User.objects.get(username="a")
    ]
    assert not superusers_active(now=at_end).exists()
    assert superuser_grants_expire(now=at_end) == 1
    assert not User.objects.get(username="a").is_superuser
    assert len(entries(SUPERUSER_LAPSE_ACTION)) == 1
    assert superuser_grants_expire(now=at_end + datetime.timedelta(days=1)) == 0


def test_expire_and_list_commands():
    superuser_grant(
        username="old", reason="r", operator="o", until=NOW + datetime.timedelta(1), now=NOW
    )
    breakglass("--username", "current", "--reason", "排查", "--until-revoked")
    assert "current\t直至撤销" in breakglass("--list")
    assert "已撤销 1 个" in breakglass("--expire")
    assert list(superusers_active().values_list("username", flat=True)) == ["current"]


def test_a_lapsed_superuser_loses_the_flag_on_their_next_request(client):
    account, _ = superuser_grant(
        username="rescue", reason="r", operator="o", until=timezone.now() + datetime.timedelta(1)
    )
    client.force_login(account)
    User.objects.filter(pk=account.pk).update(
        superuser_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code in (302, 403)
    account.refresh_from_db()
    assert not account.is_superuser
    assert len(entries(SUPERUSER_LAPSE_ACTION)) == 1


def test_nobody_grants_the_superuser_flag_in_the_account_form(admin_client, tree):
    form = admin_client.get(reverse("wagtailusers_users:add")).context["form"]
    assert form.fields["is_superuser"].disabled
    response = admin_client.post(
        reverse("wagtailusers_users:add"), account_data(tree["first"], is_superuser="on")
    )
    assert response.status_code == 302
    assert User.objects.get(username="zhangsan").is_superuser is False


class TestStartupRefusal:
    """partybuild/startup.py, as production's WSGI and ASGI applications call it."""

    def test_refuses_while_an_enabled_superuser_exists(self, settings, superuser):
        settings.REFUSE_ACTIVE_SUPERUSER = True
        settings.ALLOW_ACTIVE_SUPERUSER = False
        with pytest.raises(ImproperlyConfigured, match="root"):
            refuse_active_superuser()

    def test_starts_when_allowed_or_not_asked(self, settings, superuser):
        settings.REFUSE_ACTIVE_SUPERUSER = True
        settings.ALLOW_ACTIVE_SUPERUSER = True
        refuse_active_superuser()
        settings.REFUSE_ACTIVE_SUPERUSER = False
        settings.ALLOW_ACTIVE_SUPERUSER = False
        refuse_active_superuser()

    def test_starts_with_a_disabled_or_lapsed_superuser(self, settings, superuser):
        settings.REFUSE_ACTIVE_SUPERUSER = True
        settings.ALLOW_ACTIVE_SUPERUSER = False
        superuser.is_active = False
        superuser.save()
        lapsed, _ = superuser_grant(
            username="lapsed", reason="r", operator="o", until=NOW + datetime.timedelta(1), now=NOW
        )
        refuse_active_superuser()
        lapsed.refresh_from_db()
        assert not lapsed.is_superuser
        assert len(entries(SUPERUSER_LAPSE_ACTION)) == 1


def test_production_web_process_refuses_to_start_with_an_active_superuser(request, tmp_path):
    """The WSGI application in production, on a migrated database: refused with a superuser,
    started with ALLOW_ACTIVE_SUPERUSER=true or once it is revoked (through the command)."""
    migrated = migrated_database_file(request.config)
    if migrated is None:
        pytest.skip("needs the migrated SQLite database of this run")
    with fast_folder(tmp_path) as folder:
        database = folder / "prod.sqlite3"
        shutil.copyfile(migrated, database)
        env = {
            "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
            "DATABASE_URL": f"sqlite:///{database}",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
        }
        start = ("-c", "import partysite.wsgi, partysite.asgi")
        assert run_python(*start, env=env).returncode == 0
        grant = run_manage("breakglass", "--username", "rescue", "--reason", "排查", env=env)
        assert grant.returncode == 0, grant.stderr
        refused = run_python(*start, env=env)
        assert refused.returncode != 0
        assert "active superuser account(s) rescue" in refused.stderr
        allowed = run_python(*start, env={**env, "ALLOW_ACTIVE_SUPERUSER": "true"})
        assert allowed.returncode == 0, allowed.stderr
        revoke = run_manage(
            "breakglass", "--revoke", "--username", "rescue", "--reason", "完毕", env=env
        )
        assert revoke.returncode == 0, revoke.stderr
        assert run_python(*start, env=env).returncode == 0
