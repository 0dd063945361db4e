"""The registers moved out of the kernel into their own apps without losing anything: the rows stay
in their tables, and a group's permissions and the audit history follow the models."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("partybuild", "0015_anonymous_suggestions")]


@pytest.mark.early  # migrates back and forth: tens of seconds
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_permissions_and_history_follow_the_moved_models():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        ids = _before_the_move(executor)
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
        _after_the_move(ids)
    finally:
        MigrationExecutor(connection).migrate(leaves)


def _before_the_move(executor) -> dict:
    old = executor.loader.project_state(BEFORE).apps
    content_type_model = old.get_model("contenttypes", "ContentType")
    permission_model = old.get_model("auth", "Permission")
    meeting_type, _ = content_type_model.objects.get_or_create(
        app_label="partybuild", model="meeting"
    )
    view_meeting, _ = permission_model.objects.get_or_create(
        content_type=meeting_type, codename="view_meeting", defaults={"name": "Can view 会议"}
    )
    group = old.get_model("auth", "Group").objects.create(name="三会一课查看")
    group.permissions.add(view_meeting)
    organisation = old.get_model("partybuild", "Organisation").objects.create(
        name="一支部", code="MV1", org_type="branch", path="0901", depth=1
    )
    start = timezone.make_aware(datetime.datetime(2026, 3, 5, 9))
    meeting = old.get_model("partybuild", "Meeting").objects.create(
        organisation=organisation,
        kind="committee",
        topic="三月支委会",
        place="党员活动室",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    entry = old.get_model("wagtailcore", "ModelLogEntry").objects.create(
        content_type=meeting_type,
        label="三月支委会",
        action="partybuild.meeting.publish",
        object_id=str(meeting.pk),
        timestamp=start,
        data={},
    )
    return {"group": group.pk, "meeting": meeting.pk, "entry": entry.pk}


def _after_the_move(ids: dict) -> None:
    from django.contrib.auth.models import Group
    from wagtail.models import ModelLogEntry

    from partybuild.orglife.models import Meeting

    meeting = Meeting.objects.get(pk=ids["meeting"])
    assert meeting.topic == "三月支委会"
    assert Meeting._meta.db_table == "partybuild_meeting"
    meeting_type = ContentType.objects.get_for_model(Meeting)
    assert (meeting_type.app_label, meeting_type.model) == ("orglife", "meeting")
    assert not ContentType.objects.filter(app_label="partybuild", model="meeting").exists()

    group = Group.objects.get(pk=ids["group"])
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("orglife", "view_meeting")
    ]
    entry = ModelLogEntry.objects.get(pk=ids["entry"])
    assert entry.content_type == meeting_type
    assert ModelLogEntry.objects.for_instance(meeting).get() == entry
