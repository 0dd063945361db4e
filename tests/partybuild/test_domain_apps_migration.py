"""The registers moved out of the kernel into their own apps without losing anything: their tables
keep their names (and so their rows), and each app's first migration moves the models' content
types, so a group's permissions and the audit history follow the models.

The migration functions run here on the database as it stood before the move (the content types
still labelled ``partybuild``), which is what they meet on an existing installation; a full
migration round trip would prove no more and costs half a minute.
"""

import datetime
import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from partybuild.orglife.models import Meeting
from tests.conftest import migration_state_apps

pytestmark = pytest.mark.django_db

MOVED = {
    "dues": "partybuild_duespayment",
    "recruitment": "partybuild_candidate",
    "orglife": "partybuild_meeting",
    "supervision": "partybuild_meetinginspection",
    "memberservices": "partybuild_microwish",
}


def _first_migration(app: str):
    return importlib.import_module(f"partybuild.{app}.migrations.0001_initial")


@pytest.mark.parametrize("app", sorted(MOVED))
def test_the_tables_keep_their_names(app):
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_app_config(app).get_models()}
    assert MOVED[app] in tables
    assert all(table.startswith("partybuild_") for table in tables)


def test_permissions_and_history_follow_the_moved_model(tree):
    meeting_type = ContentType.objects.get_for_model(Meeting)
    group = Group.objects.create(name="三会一课查看")
    group.permissions.add(
        Permission.objects.get(content_type=meeting_type, codename="view_meeting")
    )
    start = timezone.make_aware(datetime.datetime(2026, 3, 5, 9))
    meeting = Meeting.objects.create(
        organisation=tree["first"],
        kind="committee",
        topic="三月支委会",
        place="党员活动室",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    entry = ModelLogEntry.objects.create(
        content_type=meeting_type,
        label=meeting.topic,
        action="partybuild.meeting.publish",
        object_id=str(meeting.pk),
        timestamp=start,
        data={},
    )
    migration = _first_migration("orglife")
    state = migration_state_apps("orglife", "0001_initial")
    migration.move_content_types_back(state, None)  # as it stood before the move
    meeting_type.refresh_from_db()
    assert meeting_type.app_label == "partybuild"

    migration.move_content_types(state, None)

    ContentType.objects.clear_cache()
    meeting_type.refresh_from_db()
    assert (meeting_type.app_label, meeting_type.model) == ("orglife", "meeting")
    assert ContentType.objects.get_for_model(Meeting) == meeting_type
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("orglife", "view_meeting")
    ]
    assert ModelLogEntry.objects.for_instance(meeting).get() == entry
