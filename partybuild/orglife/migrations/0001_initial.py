"""The orglife app's models, moved from partybuild with their tables (state only: the tables
keep their names and rows), and their content types with them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from partybuild.migration_operations import SeparateDatabaseAndStateUnrendered

MODELS = ["meeting", "meetingattachment", "meetingattendee", "minutesrevision"]


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, group grants and audit
    entries) follow them from partybuild to orglife."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="partybuild", model__in=MODELS).update(app_label="orglife")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="orglife", model__in=MODELS).update(app_label="partybuild")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("partybuild", "0016_move_domain_models"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SeparateDatabaseAndStateUnrendered(
            state_operations=[
                migrations.CreateModel(
                    name="Meeting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("branch_assembly", "支部党员大会"),
                                    ("committee", "支部委员会"),
                                    ("group", "党小组会"),
                                    ("party_lecture", "党课"),
                                    ("theme_day", "主题党日"),
                                    ("life_meeting", "组织生活会"),
                                    ("evaluation", "民主评议党员"),
                                ],
                                max_length=30,
                                verbose_name="会议类型",
                            ),
                        ),
                        ("starts_at", models.DateTimeField(verbose_name="开始时间")),
                        ("ends_at", models.DateTimeField(verbose_name="结束时间")),
                        ("place", models.CharField(max_length=200, verbose_name="地点")),
                        ("topic", models.CharField(max_length=200, verbose_name="会议主题")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "草稿"),
                                    ("published", "已发布"),
                                    ("closed", "已结束"),
                                ],
                                default="draft",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "check_in_code",
                            models.CharField(
                                blank=True, editable=False, max_length=10, verbose_name="签到码"
                            ),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, editable=False, null=True, verbose_name="发布时间"
                            ),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(
                                blank=True,
                                editable=False,
                                null=True,
                                verbose_name="结束时间（记录）",
                            ),
                        ),
                        ("minutes", models.TextField(blank=True, verbose_name="会议记录")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="创建人",
                            ),
                        ),
                        (
                            "host",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partybuild.member",
                                verbose_name="主持人",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="meetings",
                                to="partybuild.organisation",
                                verbose_name="党组织",
                            ),
                        ),
                        (
                            "recorder",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partybuild.member",
                                verbose_name="记录人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "会议",
                        "verbose_name_plural": "三会一课",
                        "db_table": "partybuild_meeting",
                        "ordering": ["-starts_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MeetingAttachment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "caption",
                            models.CharField(blank=True, max_length=200, verbose_name="说明"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="上传时间"),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partybuild.privatefile",
                                verbose_name="文件",
                            ),
                        ),
                        (
                            "image",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partybuild.privatefile",
                                verbose_name="照片",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="orglife.meeting",
                                verbose_name="会议",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="上传人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "会议附件",
                        "verbose_name_plural": "会议附件",
                        "db_table": "partybuild_meetingattachment",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MeetingAttendee",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "response",
                            models.CharField(
                                choices=[
                                    ("none", "未回复"),
                                    ("signed_up", "已报名"),
                                    ("leave", "请假"),
                                ],
                                default="none",
                                max_length=20,
                                verbose_name="回复",
                            ),
                        ),
                        (
                            "leave_reason",
                            models.CharField(blank=True, max_length=200, verbose_name="请假事由"),
                        ),
                        (
                            "responded_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="回复时间"),
                        ),
                        ("attended", models.BooleanField(default=False, verbose_name="出席")),
                        (
                            "checked_in_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="签到时间"),
                        ),
                        (
                            "checked_in_by",
                            models.ForeignKey(
                                blank=True,
                                help_text="为空表示党员本人扫码签到。",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="登记人",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendees",
                                to="orglife.meeting",
                                verbose_name="会议",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="meeting_attendance",
                                to="partybuild.member",
                                verbose_name="党员",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "参会人员",
                        "verbose_name_plural": "参会人员",
                        "db_table": "partybuild_meetingattendee",
                        "ordering": ["meeting", "member__name_sort_key", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MinutesRevision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("previous_minutes", models.TextField(verbose_name="更正前的会议记录")),
                        ("minutes", models.TextField(verbose_name="更正后的会议记录")),
                        ("reason", models.CharField(max_length=500, verbose_name="更正原因")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="更正时间"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="更正人",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="minutes_revisions",
                                to="orglife.meeting",
                                verbose_name="会议",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "会议记录更正",
                        "verbose_name_plural": "会议记录更正",
                        "db_table": "partybuild_minutesrevision",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.AddIndex(
                    model_name="meeting",
                    index=models.Index(
                        fields=["organisation", "kind", "starts_at"], name="meeting_org_kind"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="meetingattendee",
                    constraint=models.UniqueConstraint(
                        fields=("meeting", "member"), name="meeting_attendee_unique"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
