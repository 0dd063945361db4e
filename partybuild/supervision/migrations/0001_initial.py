"""The supervision app's models, moved from partybuild with their tables (state only: the tables
keep their names and rows), and their content types with them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from partybuild.migration_operations import SeparateDatabaseAndStateUnrendered

MODELS = ["inspectionassignment", "inspectionattachment", "inspectiontask", "meetinginspection"]


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, group grants and audit
    entries) follow them from partybuild to supervision."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="partybuild", model__in=MODELS).update(
        app_label="supervision"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="supervision", model__in=MODELS).update(
        app_label="partybuild"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orglife", "0001_initial"),
        ("partybuild", "0016_move_domain_models"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SeparateDatabaseAndStateUnrendered(
            state_operations=[
                migrations.CreateModel(
                    name="InspectionAssignment",
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
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "待反馈"),
                                    ("submitted", "已反馈"),
                                    ("accepted", "已通过"),
                                    ("returned", "已退回"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        ("response", models.TextField(blank=True, verbose_name="反馈内容")),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="反馈时间"),
                        ),
                        ("review_comment", models.TextField(blank=True, verbose_name="审核意见")),
                        (
                            "reviewed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="审核时间"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="inspection_assignments",
                                to="partybuild.organisation",
                                verbose_name="被督查党组织",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="审核人",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="反馈人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "督查反馈",
                        "verbose_name_plural": "我的督查任务",
                        "db_table": "partybuild_inspectionassignment",
                        "ordering": ["task__deadline", "organisation__path", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="InspectionAttachment",
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
                            "added_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="上传时间"),
                        ),
                        (
                            "assignment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="supervision.inspectionassignment",
                                verbose_name="督查反馈",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partybuild.privatefile",
                                verbose_name="附件",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "督查附件",
                        "verbose_name_plural": "督查附件",
                        "db_table": "partybuild_inspectionattachment",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="InspectionTask",
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
                        ("subject", models.CharField(max_length=200, verbose_name="督查主题")),
                        ("requirements", models.TextField(verbose_name="督查要求")),
                        ("deadline", models.DateField(verbose_name="反馈截止日期")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "草稿"), ("issued", "已下发")],
                                default="draft",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
                        ),
                        (
                            "issued_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="下发时间"),
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
                            "issuer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="issued_inspection_tasks",
                                to="partybuild.organisation",
                                verbose_name="下发党组织",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "督查任务",
                        "verbose_name_plural": "党建督查",
                        "db_table": "partybuild_inspectiontask",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.AddField(
                    model_name="inspectionassignment",
                    name="task",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="supervision.inspectiontask",
                        verbose_name="督查任务",
                    ),
                ),
                migrations.CreateModel(
                    name="MeetingInspection",
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
                            "drawn_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="抽取时间"),
                        ),
                        (
                            "verdict",
                            models.CharField(
                                choices=[("pending", "待评"), ("pass", "合格"), ("fail", "不合格")],
                                default="pending",
                                max_length=20,
                                verbose_name="抽查结论",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, verbose_name="抽查意见")),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="评定时间"),
                        ),
                        (
                            "inspecting_organisation",
                            models.ForeignKey(
                                blank=True,
                                help_text="抽取本次抽查的党组织；由其及上级党组织的管理员评定。",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partybuild.organisation",
                                verbose_name="抽查方",
                            ),
                        ),
                        (
                            "inspector",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="抽查人",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="inspections",
                                to="orglife.meeting",
                                verbose_name="会议",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "会议抽查",
                        "verbose_name_plural": "随机抽查",
                        "db_table": "partybuild_meetinginspection",
                        "ordering": ["-drawn_at", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="inspectionassignment",
                    constraint=models.UniqueConstraint(
                        fields=("task", "organisation"), name="inspection_assignment_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="meetinginspection",
                    constraint=models.UniqueConstraint(
                        fields=("meeting",), name="meeting_inspection_once"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
