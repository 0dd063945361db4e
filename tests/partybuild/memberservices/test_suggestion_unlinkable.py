"""Anonymous 意见建议 cannot be linked to their author by a join on time (issue 14, item 3).

Through the app API and the portal: the request that submits an anonymous suggestion writes or
updates no timestamp of any row linked to a person — every model with a foreign key to the
account or to the member dossier, the account and the dossier themselves, the app's tokens and
the sessions — and the suggestion keeps its day only (00:00 Asia/Shanghai), so its time carries
nothing finer than the day to join on."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from partybuild.memberservices.models import Suggestion
from partybuild.memberservices.selectors.suggestions import suggestion_list_managed
from partybuild.memberservices.services.suggestions import suggestion_submit
from partybuild.models import Member, User
from tests.api.conftest import client_for, make_member_account
from tests.conftest import migration_state_apps
from tests.partybuild.memberservices.test_suggestions import set_service_settings
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PERSON_MODELS = (User, Member)


def _person_linked_models() -> list[type[models.Model]]:
    """The account and dossier models, every model with a foreign key to either, and the
    sessions (whose data names the account)."""
    linked = {User, Member, Session, APIToken}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model in PERSON_MODELS
                and (field.many_to_one or field.one_to_one)
            ):
                linked.add(model)
    return sorted(linked, key=lambda model: model._meta.label)


def _timestamp_fields(model: type[models.Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, (models.DateTimeField, models.DateField))
    ]


def _snapshot(*, skip: set[tuple[str, object]] = frozenset()) -> dict:
    """Every person-linked row's timestamps (and a session's data), keyed by model and pk."""
    rows = {}
    for model in _person_linked_models():
        fields = _timestamp_fields(model)
        if model is Session:
            fields = [*fields, "session_data"]
        if not fields:
            continue
        for values in model.objects.values("pk", *fields):
            key = (model._meta.label, values.pop("pk"))
            if key not in skip:
                rows[key] = values
    return rows


def _person_timestamps(snapshot: dict) -> list[datetime.datetime]:
    return [
        value
        for values in snapshot.values()
        for value in values.values()
        if isinstance(value, datetime.datetime)
    ]


def _assert_only_the_day(suggestion: Suggestion) -> None:
    local = timezone.localtime(suggestion.created_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert local.date() == timezone.localdate()


def _assert_unlinkable(suggestion: Suggestion, before: dict) -> None:
    assert suggestion.is_anonymous and suggestion.submitter_id is None
    after = _snapshot(skip={(Suggestion._meta.label, suggestion.pk)})
    # The join an observer would run: person-linked times from the stored day on that the
    # submission wrote. There are none, because it wrote or updated nothing linked to a person.
    earlier = set(_person_timestamps(before))
    joined = [
        moment
        for moment in _person_timestamps(after)
        if moment >= suggestion.created_at and moment not in earlier
    ]
    assert joined == []
    assert after == before
    _assert_only_the_day(suggestion)


@pytest.fixture
def member_a(tree):
    set_service_settings(suggestions_anonymous_allowed=True)
    return make_member_account(
        "member_a", tree["first"], phone="13800138001", birth=datetime.date(1980, 5, 17)
    )


def test_the_walk_covers_tokens_sessions_accounts_and_audit(db):
    labels = {model._meta.label for model in _person_linked_models()}
    assert {
        "partybuild.User",
        "partybuild.Member",
        "wagtailcore.APIToken",
        "sessions.Session",
        "wagtailcore.ModelLogEntry",
        "partybuild.Message",
    } <= labels


def test_app_submission_writes_nothing_linked_to_the_author(member_a):
    client = client_for(member_a)
    token = APIToken.objects.get(user=member_a)
    assert token.last_used_at is None
    before = _snapshot()
    response = client.post(
        "/api/app/suggestions/",
        {"title": "匿名建议", "content": "希望改进学习安排。", "anonymous": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    suggestion = Suggestion.objects.get(pk=response.json()["id"])
    _assert_unlinkable(suggestion, before)
    token.refresh_from_db()
    assert token.last_used_at is None
    assert response.json()["created_at"].endswith("T00:00:00+08:00")


def test_app_named_submission_still_records_the_token_use(member_a):
    client = client_for(member_a)
    response = client.post(
        "/api/app/suggestions/",
        {"title": "实名建议", "content": "内容", "anonymous": False},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert APIToken.objects.get(user=member_a).last_used_at is not None
    suggestion = Suggestion.objects.get(pk=response.json()["id"])
    assert suggestion.submitter == member_a


@pytest.mark.usefixtures("portal_pages")
def test_portal_submission_writes_nothing_linked_to_the_author(member_a):
    client = Client()
    client.force_login(member_a)
    client.get("/me/suggestions/")
    before = _snapshot()
    response = client.post(
        "/me/suggestions/",
        {"title": "门户匿名建议", "content": "内容", "anonymous": "on"},
        follow=True,
    )
    assert response.status_code == 200 and "意见建议已提交" in response.content.decode()
    suggestion = Suggestion.objects.get(title="门户匿名建议")
    _assert_unlinkable(suggestion, before)
    assert "门户匿名建议" not in response.content.decode()


def test_lists_order_by_day_then_entry(member_a, make_admin, tree):
    admin = make_admin("admin_a", tree["first"])
    named = suggestion_submit(user=member_a, title="先交的实名", content="内容", anonymous=False)
    anonymous = suggestion_submit(user=member_a, title="后交的匿名", content="内容", anonymous=True)
    _assert_only_the_day(anonymous)
    yesterday = suggestion_submit(user=member_a, title="昨天的", content="内容", anonymous=False)
    Suggestion.objects.filter(pk=yesterday.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert list(suggestion_list_managed(user=admin)) == [anonymous, named, yesterday]
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/suggestions/").content.decode()
    assert page.index("后交的匿名") < page.index("先交的实名") < page.index("昨天的")
    detail = client.get(f"/admin/suggestions/{anonymous.pk}/").content.decode()
    assert "匿名提交只保留日期" in detail


def test_migration_keeps_only_the_day_of_older_anonymous_suggestions(member_a):
    migration = importlib.import_module("partybuild.migrations.0015_anonymous_suggestions")
    anonymous = suggestion_submit(user=member_a, title="旧匿名", content="内容", anonymous=True)
    named = suggestion_submit(user=member_a, title="旧实名", content="内容", anonymous=False)
    precise = timezone.make_aware(datetime.datetime(2026, 3, 5, 7, 42, 13, 123456))
    early = timezone.make_aware(datetime.datetime(2026, 3, 6, 1, 5))  # 17:05 UTC the day before
    Suggestion.objects.filter(pk=anonymous.pk).update(created_at=early)
    Suggestion.objects.filter(pk=named.pk).update(created_at=precise)
    migration._coarsen_anonymous_suggestions(
        migration_state_apps("partybuild", "0015_anonymous_suggestions"), None
    )
    anonymous.refresh_from_db()
    named.refresh_from_db()
    assert timezone.localtime(anonymous.created_at) == timezone.make_aware(
        datetime.datetime(2026, 3, 6)
    )
    assert named.created_at == precise
