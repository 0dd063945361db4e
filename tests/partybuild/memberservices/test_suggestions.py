"""意见建议: submit (anonymously only when the setting allows), reply, close; anonymity leaves no
trace of the account; scoping."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from wagtail.models import ModelLogEntry, Site

from partybuild.memberservices.models import MemberServiceSettings, Suggestion, SuggestionStatus
from partybuild.memberservices.selectors.suggestions import (
    member_service_settings,
    suggestion_list_managed,
    suggestion_list_mine,
)
from partybuild.memberservices.services.suggestions import (
    suggestion_close,
    suggestion_reply,
    suggestion_submit,
)
from partybuild.models import Message
from tests.api.conftest import make_member_account

pytestmark = pytest.mark.django_db


def set_service_settings(**fields) -> MemberServiceSettings:
    """Change the default Site's 便民服务设置."""
    service_settings = MemberServiceSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(service_settings, name, value)
    service_settings.save()
    return service_settings


@pytest.fixture
def member_a(tree):
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


@pytest.fixture
def member_b(tree):
    return make_member_account(
        "member_b", tree["second"], phone="13800138002", birth=datetime.date(1985, 3, 9)
    )


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_setting_defaults_and_reads_default_site(db):
    assert member_service_settings().suggestions_anonymous_allowed is False
    assert member_service_settings().board_posts_per_hour == 5
    set_service_settings(suggestions_anonymous_allowed=True)
    assert member_service_settings().suggestions_anonymous_allowed is True


def test_submit_reply_close(member_a, make_admin, tree):
    admin = make_admin("admin_a", tree["first"])
    suggestion = suggestion_submit(
        user=member_a, title="建议增设党员活动室", content="希望增加阅览区。", anonymous=False
    )
    assert suggestion.status == SuggestionStatus.OPEN
    assert suggestion.organisation == tree["first"]
    assert suggestion.submitter == member_a

    suggestion_reply(suggestion=suggestion, reply="已列入明年计划。", actor=admin)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED
    assert suggestion.replied_by == admin
    message = Message.objects.get(recipient=member_a)
    assert "已答复" in message.title and message.body == "已列入明年计划。"
    assert list(suggestion_list_mine(user=member_a)) == [suggestion]

    suggestion_close(suggestion=suggestion, actor=admin)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED and suggestion.closed_at

    with pytest.raises(ValidationError) as error:
        suggestion_reply(suggestion=suggestion, reply="再补充", actor=admin)
    assert _codes(error.value) == {"suggestion_closed"}
    with pytest.raises(ValidationError) as error:
        suggestion_close(suggestion=suggestion, actor=admin)
    assert _codes(error.value) == {"suggestion_already_closed"}
    suggestion.refresh_from_db()
    assert suggestion.reply == "已列入明年计划。"


def test_empty_fields_refused(member_a):
    with pytest.raises(ValidationError) as error:
        suggestion_submit(user=member_a, title=" ", content="内容", anonymous=False)
    assert _codes(error.value) == {"title_required"}
    assert not Suggestion.objects.exists()


def test_non_member_cannot_submit(make_admin, tree):
    admin = make_admin("admin_a", tree["first"])
    with pytest.raises(PermissionDenied):
        suggestion_submit(user=admin, title="标题", content="内容", anonymous=False)


def test_anonymous_refused_when_setting_off(member_a):
    with pytest.raises(ValidationError) as error:
        suggestion_submit(user=member_a, title="标题", content="内容", anonymous=True)
    assert _codes(error.value) == {"anonymous_not_allowed"}
    assert not Suggestion.objects.exists()


def test_setting_switches_anonymous_on_and_off(member_a):
    set_service_settings(suggestions_anonymous_allowed=True)
    suggestion_submit(user=member_a, title="一", content="内容", anonymous=True)
    set_service_settings(suggestions_anonymous_allowed=False)
    with pytest.raises(ValidationError):
        suggestion_submit(user=member_a, title="二", content="内容", anonymous=True)
    assert Suggestion.objects.count() == 1


def test_anonymous_suggestion_cannot_be_traced(member_a, make_admin, tree):
    """No column, audit entry or message of the database references the submitter."""
    set_service_settings(suggestions_anonymous_allowed=True)
    admin = make_admin("admin_a", tree["first"])
    suggestion = suggestion_submit(
        user=member_a, title="食堂意见", content="饭菜偏咸。", anonymous=True
    )
    suggestion_reply(suggestion=suggestion, reply="已转告食堂。", actor=admin)
    suggestion_close(suggestion=suggestion, actor=admin)

    suggestion.refresh_from_db()
    assert suggestion.submitter_id is None
    assert suggestion.is_anonymous and suggestion.submitter_label == "匿名"
    identifiers = {str(member_a.pk), member_a.username, member_a.name, member_a.member.name}
    for field in Suggestion._meta.concrete_fields:
        value = getattr(suggestion, field.attname)
        if field.attname in ("id", "organisation_id", "replied_by_id"):
            continue
        assert str(value) not in identifiers, field.attname
    entries = ModelLogEntry.objects.filter(
        content_type__model="suggestion", object_id=str(suggestion.pk)
    )
    assert entries.exists()
    assert not entries.filter(action="partybuild.suggestion.submit").exists()
    assert set(entries.values_list("user_id", flat=True)) == {admin.pk}
    assert not Message.objects.filter(recipient=member_a).exists()
    assert not ModelLogEntry.objects.filter(user=member_a).exists()
    assert list(suggestion_list_mine(user=member_a)) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM partybuild_suggestion WHERE submitter_id IS NOT NULL")
        assert cursor.fetchone()[0] == 0


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_anonymous_submission_writes_nothing_but_the_suggestion(member_a):
    """Every table other than the suggestions' is unchanged by an anonymous submission, so no
    audit entry, log, message or other row can link it to the account."""
    set_service_settings(suggestions_anonymous_allowed=True)
    before = _row_counts()
    suggestion_submit(user=member_a, title="匿名", content="内容", anonymous=True)
    after = _row_counts()
    changed = {label for label in before if before[label] != after[label]}
    assert changed == {"memberservices.Suggestion"}


def test_reply_outside_scope_refused(member_b, make_admin, tree):
    admin_a = make_admin("admin_a", tree["first"])
    suggestion = suggestion_submit(user=member_b, title="标题", content="内容", anonymous=False)
    with pytest.raises(PermissionDenied):
        suggestion_reply(suggestion=suggestion, reply="答复", actor=admin_a)
    with pytest.raises(PermissionDenied):
        suggestion_close(suggestion=suggestion, actor=admin_a)
    with pytest.raises(PermissionDenied):
        suggestion_reply(suggestion=suggestion, reply="答复", actor=member_b)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
    assert list(suggestion_list_managed(user=admin_a)) == []
    admin_parent = make_admin("admin_parent", tree["general"])
    assert list(suggestion_list_managed(user=admin_parent)) == [suggestion]
