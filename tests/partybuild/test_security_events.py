"""The security audit trail (issue 18, GB/T 22239-2019 §8.1.4.3): each security event is
recorded, with its account and address, when it really happens through the admin, the portal or
the app API; the chain verifies, and any raw change to the table breaks it at the entry changed;
entries cannot be changed from Python; the archive keeps the rest verifiable."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partybuild.checks import audit_retention_is_long_enough
from partybuild.models import (
    LoginFailure,
    Member,
    SecurityEvent,
    SecurityEventAnchor,
    SecurityEventRefused,
    User,
)
from partybuild.services.roles import role_assignment_grant, role_assignment_revoke
from partybuild.services.security_events import (
    archive_signature,
    security_event_record,
    security_events_verify,
)
from partybuild.signals import security_event
from tests.conftest import PASSWORD
from tests.partybuild.account_forms import edit_data

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
ADMIN_LOGOUT = "/admin/logout/"
TOKEN_URL = "/api/app/auth/token"
MEMBER_EXPORT = reverse("partybuild_excel_member_export")


def events(code: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(event=code).order_by("sequence"))


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def secretary(make_admin, tree):
    return make_admin("secretary", tree["first"])


# --- events recorded by doing the real thing --------------------------------------------------


def test_a_failed_admin_sign_in_is_recorded_with_the_address(secretary):
    Client().post(
        ADMIN_LOGIN, {"username": "secretary", "password": "wrong"}, REMOTE_ADDR="10.1.2.3"
    )
    Client().post(ADMIN_LOGIN, {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.1.2.4")
    known, unknown = events("login.failure")
    assert (known.actor, known.actor_username, known.ip_address) == (
        secretary,
        "secretary",
        "10.1.2.3",
    )
    assert known.outcome == "failure"
    assert (unknown.actor, unknown.actor_username, unknown.ip_address) == (
        None,
        "nobody",
        "10.1.2.4",
    )


def test_a_refusal_by_the_lockout_is_login_locked(secretary):
    for _ in range(5):
        LoginFailure.objects.create(username="secretary", ip_address="10.0.0.9")
    Client().post(
        ADMIN_LOGIN, {"username": "secretary", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert not events("login.success")
    [locked] = events("login.locked")
    assert locked.actor == secretary and locked.ip_address == "10.0.0.9"
    assert locked.detail["locked_seconds"] > 0


def test_admin_sign_in_and_sign_out_are_recorded(secretary):
    client = Client()
    response = client.post(
        ADMIN_LOGIN, {"username": "secretary", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 302
    [signed_in] = events("login.success")
    assert (signed_in.actor, signed_in.ip_address, signed_in.outcome) == (
        secretary,
        "10.0.0.5",
        "success",
    )
    assert signed_in.detail == {"channel": "admin"}
    client.post(ADMIN_LOGOUT, REMOTE_ADDR="10.0.0.5")
    [signed_out] = events("logout")
    assert signed_out.actor == secretary and signed_out.ip_address == "10.0.0.5"


def test_app_sign_in_failure_and_logout_are_recorded(secretary):
    client = Client()
    client.post(
        TOKEN_URL,
        {"username": "secretary", "password": "wrong"},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.6",
    )
    response = client.post(
        TOKEN_URL,
        {"username": "secretary", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.6",
    )
    token = response.json()["token"]
    assert events("login.failure")[0].ip_address == "10.0.0.6"
    [signed_in] = events("login.success")
    assert signed_in.detail == {"channel": "app"} and signed_in.ip_address == "10.0.0.6"
    client.post(
        "/api/app/auth/logout", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="10.0.0.6"
    )
    [signed_out] = events("logout")
    assert signed_out.actor == secretary and signed_out.detail == {"channel": "app"}


def test_a_member_export_records_its_rows(admin_client, superuser, member_factory):
    for _ in range(3):
        member_factory("一支部")
    response = admin_client.get(MEMBER_EXPORT, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 200
    [export] = events("export")
    assert export.actor == superuser and export.ip_address == "10.0.0.8"
    assert export.detail == {"register": "members", "rows": Member.objects.count(), "reveal": False}


def test_a_revealing_export_records_the_identity_reveal(admin_client, member_factory):
    member_factory("一支部")
    admin_client.post(MEMBER_EXPORT, {"reveal": "1"})
    [reveal] = events("identity.reveal")
    assert reveal.detail == {"context": "export", "rows": 1}
    assert events("export")[0].detail["reveal"] is True


def test_a_password_change_in_the_app_is_recorded(secretary):
    client = Client()
    token = client.post(
        TOKEN_URL, {"username": "secretary", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    response = client.post(
        "/api/app/auth/password",
        {"old_password": PASSWORD, "new_password": "Another-Pass-2026"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="10.0.0.11",
    )
    assert response.status_code == 200
    [changed] = events("password.changed")
    assert changed.actor == secretary and changed.ip_address == "10.0.0.11"


def test_a_refused_password_change_is_recorded_as_a_failure(secretary):
    """A wrong current password leaves a failed 修改密码 entry with the refusal's code, although
    the service's transaction rolls back."""
    client = Client()
    token = client.post(
        TOKEN_URL, {"username": "secretary", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    response = client.post(
        "/api/app/auth/password",
        {"old_password": "not-my-password", "new_password": "Another-Pass-2026"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="10.0.0.12",
    )
    assert response.status_code == 422
    [refused] = events("password.changed")
    assert (refused.outcome, refused.actor, refused.ip_address) == (
        "failure",
        secretary,
        "10.0.0.12",
    )
    assert refused.detail["codes"] == ["password_incorrect"]
    assert refused.detail["reason"] == "原密码不正确。"
    assert "not-my-password" not in json.dumps(refused.detail, ensure_ascii=False)
    assert security_events_verify().ok


def test_a_refused_bulk_role_grant_is_recorded_after_its_rollback(admin_client, superuser, tree):
    """The bulk 分配角色 runs in one transaction: when one account is refused nobody gets the
    role and the grant that went through is undone, its entry with it; the refusal's entry
    stays, and the chain verifies."""
    from partybuild.models import Role, RoleAssignment

    role = Role.objects.get(code="org_admin")
    granted, holder = (
        User.objects.create_user(username=name, password=PASSWORD) for name in ("clerk", "holder")
    )
    RoleAssignment.objects.create(user=holder, role=role, organisation=tree["first"])
    url = reverse("wagtail_bulk_action", args=("partybuild", "user", "assign_role"))
    response = admin_client.post(
        f"{url}?id={granted.pk}&id={holder.pk}",
        {"role": role.pk, "organisation": tree["first"].pk},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=granted).exists()
    [refused] = events("assignment.granted")
    assert (refused.outcome, refused.actor, refused.object_id) == (
        "failure",
        superuser,
        str(holder.pk),
    )
    assert refused.detail["codes"] == ["role_assignment_exists"]
    assert refused.detail["role"] == "org_admin"
    assert security_events_verify().ok


def test_a_role_grant_refused_by_scope_is_recorded(make_admin, tree):
    """A refusal raised as PermissionDenied (RoleRefused) is recorded with its code too."""
    from partybuild.models import Role

    secretary = make_admin("secretary", tree["first"])
    outsider = User.objects.create_user(username="outsider", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        role_assignment_grant(
            actor=secretary,
            user=outsider,
            role=Role.objects.get(code="test_scope"),
            organisation=tree["first"],
        )
    [refused] = events("assignment.granted")
    assert refused.outcome == "failure" and refused.actor == secretary
    assert refused.detail["codes"] == ["role_account_out_of_scope"]


def test_accounts_created_disabled_and_enabled_are_recorded(admin_client, superuser):
    account = User.objects.create_user(username="clerk", password=PASSWORD)
    [created] = [e for e in events("account.created") if e.object_id == str(account.pk)]
    assert created.object_label == str(account) and created.actor is None
    url = reverse("wagtail_bulk_action", args=("partybuild", "user", "set_active_state"))
    response = admin_client.post(
        url + f"?id={account.pk}", {"mark_as_active": False}, REMOTE_ADDR="10.0.0.12"
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    [disabled] = events("account.disabled")
    assert (disabled.actor, disabled.ip_address, disabled.object_id) == (
        superuser,
        "10.0.0.12",
        str(account.pk),
    )
    admin_client.post(url + f"?id={account.pk}", {"mark_as_active": True})
    [enabled] = events("account.enabled")
    assert enabled.actor == superuser


def test_an_account_edited_and_disabled_in_the_admin_is_recorded(
    admin_client, superuser, secretary, tree
):
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[secretary.pk]),
        edit_data(
            secretary,
            tree["first"],
            administered_organisation=tree["first"].pk,
            groups=[group.pk for group in secretary.groups.all()],
            is_active=None,
        ),
        REMOTE_ADDR="10.0.0.14",
    )
    assert response.status_code == 302, response.content.decode()
    for code in ("account.changed", "account.disabled"):
        [entry] = events(code)
        assert (entry.actor, entry.ip_address, entry.object_id) == (
            superuser,
            "10.0.0.14",
            str(secretary.pk),
        )


def test_role_assignments_granted_and_revoked_are_recorded(superuser, tree):
    from partybuild.models import Role

    account = User.objects.create_user(username="clerk", password=PASSWORD)
    assignment = role_assignment_grant(
        actor=superuser,
        user=account,
        role=Role.objects.get(code="org_admin"),
        organisation=tree["first"],
    )
    role_assignment_revoke(actor=superuser, assignment=assignment)
    [granted] = events("assignment.granted")
    [revoked] = events("assignment.revoked")
    assert (
        granted.detail
        == revoked.detail
        == {"role": "org_admin", "organisation": tree["first"].code}
    )
    assert granted.object_id == str(account.pk)


def test_deleting_a_member_in_the_admin_is_recorded(admin_client, superuser, member_factory):
    member = member_factory("一支部")
    response = admin_client.post(
        reverse("members:delete", args=[member.pk]), REMOTE_ADDR="10.0.0.13"
    )
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    [deleted] = events("delete")
    assert (deleted.actor, deleted.ip_address, deleted.object_type, deleted.object_id) == (
        superuser,
        "10.0.0.13",
        "partybuild.member",
        str(member.pk),
    )


def test_an_account_deleted_keeps_its_name_in_the_trail(secretary):
    Client().post(ADMIN_LOGIN, {"username": "secretary", "password": "wrong"})
    secretary.delete()
    [failure] = events("login.failure")
    assert failure.actor is None and failure.actor_username == "secretary"
    assert security_events_verify().ok


def test_the_signal_records_an_event(secretary):
    security_event.send(
        sender=User,
        event="otp.enabled",
        actor=secretary,
        request=None,
        outcome="success",
        target=secretary,
        detail={"method": "totp"},
    )
    [enabled] = events("otp.enabled")
    assert enabled.detail == {"method": "totp"} and enabled.ip_address is None


# --- the chain --------------------------------------------------------------------------------


@pytest.fixture
def chain(secretary):
    """Five events, sequence numbers 1..5 after whatever the fixtures recorded."""
    recorded = [
        security_event_record(event="login.failure", actor=secretary, outcome="failure")
        for _ in range(5)
    ]
    return [entry.sequence for entry in recorded]


def test_verify_passes_on_a_clean_chain(chain):
    assert "校验通过" in verify_output()
    assert security_events_verify().count == SecurityEvent.objects.count()


def test_verify_names_an_entry_edited_with_raw_sql(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partybuild_securityevent SET ip_address = %s WHERE sequence = %s",
            ["10.9.9.9", chain[2]],
        )
    with pytest.raises(CommandError, match=f"序号 {chain[2]}，摘要不符"):
        verify_output()


def test_verify_names_an_entry_deleted_with_raw_sql(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partybuild_securityevent WHERE sequence = %s", [chain[1]])
    with pytest.raises(CommandError, match=f"序号 {chain[1]}"):
        verify_output()


def test_verify_finds_the_last_entry_deleted(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partybuild_securityevent WHERE sequence = %s", [chain[-1]])
    assert security_events_verify().broken_at == chain[-1]


def test_verify_finds_the_newest_entries_removed_and_the_head_rewound(chain):
    """Removing the newest entries and pointing the head row at the last one left: the head's
    HMAC no longer matches, and nobody without the key can make one that does."""
    kept = SecurityEvent.objects.get(sequence=chain[2])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partybuild_securityevent WHERE sequence > %s", [chain[2]])
        cursor.execute(
            "UPDATE partybuild_securityeventanchor SET last_sequence = %s, last_hash = %s",
            [kept.sequence, kept.hash],
        )
    with pytest.raises(CommandError, match=f"序号 {chain[2]}，链尾锚点被改动"):
        verify_output()


def test_a_head_noted_outside_finds_a_head_row_restored_from_an_old_copy(chain):
    """Someone who copied the head row earlier removes what came after and restores the copy:
    the database alone verifies, the head noted outside (the log line, audit_verify's printout)
    does not."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_sequence, last_hash, last_mac FROM partybuild_securityeventanchor"
        )
        old_head = cursor.fetchone()
    later = security_event_record(event="login.failure", actor=None, outcome="failure")
    noted = verify_output().split("链尾：")[1].split("（")[0]
    assert noted == f"{later.sequence}:{later.hash}"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partybuild_securityevent WHERE sequence = %s", [later.sequence])
        cursor.execute(
            "UPDATE partybuild_securityeventanchor "
            "SET last_sequence = %s, last_hash = %s, last_mac = %s",
            list(old_head),
        )
    assert "校验通过" in verify_output()
    with pytest.raises(CommandError, match=f"序号 {later.sequence}，外部记录的链尾之后的记录缺失"):
        call_command("audit_verify", "--expect-head", noted, stdout=io.StringIO())
    earlier = f"{chain[1]}:{SecurityEvent.objects.get(sequence=chain[1]).hash}"
    call_command("audit_verify", "--expect-head", earlier, stdout=io.StringIO())


def test_a_head_noted_with_another_hash_fails(chain):
    wrong = f"{chain[-1]}:{'0' * 64}"
    with pytest.raises(CommandError, match="与外部记录的链尾摘要不符"):
        call_command("audit_verify", "--expect-head", wrong, stdout=io.StringIO())
    with pytest.raises(CommandError, match="链尾格式不正确"):
        call_command("audit_verify", "--expect-head", "12", stdout=io.StringIO())


def test_each_append_logs_the_new_head_once_committed(
    secretary, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level("INFO", logger="partybuild.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        entry = security_event_record(event="logout", actor=secretary)
    assert f"审计链尾 {entry.sequence} {entry.hash}" in caplog.messages


def test_verify_names_two_entries_swapped_with_raw_sql(chain):
    first, second = chain[1], chain[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partybuild_securityevent SET sequence = 0 WHERE sequence = %s", [first]
        )
        cursor.execute(
            "UPDATE partybuild_securityevent SET sequence = %s WHERE sequence = %s", [first, second]
        )
        cursor.execute(
            "UPDATE partybuild_securityevent SET sequence = %s WHERE sequence = 0", [second]
        )
    with pytest.raises(CommandError, match=f"序号 {first}"):
        verify_output()


def test_entries_cannot_be_changed_or_removed_from_python(chain):
    entry = SecurityEvent.objects.get(sequence=chain[0])
    entry.ip_address = "10.9.9.9"
    with pytest.raises(SecurityEventRefused):
        entry.save()
    with pytest.raises(SecurityEventRefused):
        entry.delete()
    with pytest.raises(SecurityEventRefused):
        SecurityEvent.objects.filter(sequence=chain[0]).update(ip_address="10.9.9.9")
    with pytest.raises(SecurityEventRefused):
        SecurityEvent.objects.all().delete()
    assert security_events_verify().ok


def test_the_chain_cannot_be_recomputed_without_the_key(chain, settings):
    settings.AUDIT_HMAC_KEY = "another-key"
    assert (
        security_events_verify().broken_at == SecurityEvent.objects.order_by("sequence")[0].sequence
    )


# --- the archive ------------------------------------------------------------------------------


def _record_at(moment: datetime.datetime, monkeypatch, **kwargs) -> SecurityEvent:
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: moment)
        return security_event_record(**kwargs)


def test_the_archive_moves_old_entries_to_a_signed_file_and_verify_stays_green(monkeypatch):
    old = timezone.now() - datetime.timedelta(days=400)
    for day in range(3):
        _record_at(
            old + datetime.timedelta(days=day),
            monkeypatch,
            event="login.failure",
            actor=None,
            actor_username="guesser",
            outcome="failure",
        )
    young = security_event_record(event="logout", actor=None, actor_username="guesser")
    before = timezone.localdate() - datetime.timedelta(days=300)
    out = io.StringIO()
    call_command("audit_archive", "--before", before.isoformat(), stdout=out)
    assert "已归档 3 条" in out.getvalue()
    remaining = list(SecurityEvent.objects.order_by("sequence"))
    assert remaining[0] == young
    assert [entry.event for entry in remaining] == ["logout", "audit.archive"]
    assert remaining[1].detail["rows"] == 3
    assert "校验通过：共 2 条" in verify_output()
    anchor = SecurityEventAnchor.objects.get()
    assert anchor.archived_sequence == young.sequence - 1
    [archive] = sorted(Path(settings.AUDIT_ARCHIVE_DIR).glob("*.jsonl"))
    content = archive.read_bytes()
    lines = [json.loads(line) for line in content.decode().splitlines()]
    assert [line["event"] for line in lines] == ["login.failure"] * 3
    assert lines[-1]["hash"] == anchor.archived_hash == young.previous_hash
    signature = Path(str(archive) + ".sig").read_text().strip()
    assert signature == archive_signature(content)
    archive.unlink()
    Path(str(archive) + ".sig").unlink()


def test_the_archive_refuses_entries_within_the_retention_period(secretary, monkeypatch):
    _record_at(
        timezone.now() - datetime.timedelta(days=30), monkeypatch, event="logout", actor=None
    )
    recent = timezone.localdate() - datetime.timedelta(days=10)
    with pytest.raises(CommandError, match="180 天之前"):
        call_command("audit_archive", "--before", recent.isoformat())
    assert not SecurityEvent.objects.filter(event="audit.archive").exists()
    assert SecurityEventAnchor.objects.get().archived_sequence == 0


def test_an_archive_anchor_moved_in_the_database_is_found(monkeypatch):
    old = timezone.now() - datetime.timedelta(days=400)
    _record_at(old, monkeypatch, event="logout", actor=None)
    security_event_record(event="logout", actor=None)
    call_command("audit_archive", stdout=io.StringIO())
    assert security_events_verify().ok
    SecurityEventAnchor.objects.update(archived_sequence=0, archived_hash="")
    assert not security_events_verify().ok
    for path in Path(settings.AUDIT_ARCHIVE_DIR).glob("*"):
        path.unlink()


def test_a_retention_below_180_days_fails_the_system_check(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    assert [error.id for error in audit_retention_is_long_enough()] == ["partybuild.E003"]
    settings.AUDIT_RETENTION_DAYS = 180
    assert audit_retention_is_long_enough() == []


def test_an_import_refused_is_recorded_as_a_failure(admin_client, superuser):
    upload = io.BytesIO(b"not a workbook")
    upload.name = "members.xlsx"
    response = admin_client.post(
        reverse("partybuild_excel_member_import"), {"file": upload}, REMOTE_ADDR="10.0.0.15"
    )
    assert response.status_code == 200
    [entry] = events("import")
    assert (entry.actor, entry.ip_address, entry.outcome) == (superuser, "10.0.0.15", "failure")
    assert entry.detail == {
        "register": "members",
        "rows": 0,
        "created": 0,
        "errors": 1,
        "dry_run": False,
    }
