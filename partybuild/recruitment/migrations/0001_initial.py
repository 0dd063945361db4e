"""The recruitment app's models, moved from partybuild with their tables (state only: the tables
keep their names and rows), and their content types with them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import partybuild.core.crypto
import partybuild.core.validators
from partybuild.migration_operations import SeparateDatabaseAndStateUnrendered

MODELS = ["candidate", "candidatestep", "candidatesubmission"]


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, group grants and audit
    entries) follow them from partybuild to recruitment."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="partybuild", model__in=MODELS).update(
        app_label="recruitment"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="recruitment", model__in=MODELS).update(
        app_label="partybuild"
    )


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
                    name="Candidate",
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
                            "id_number_stored",
                            partybuild.core.crypto.EncryptedTextField(
                                blank=True, db_column="id_number", verbose_name="公民身份号码"
                            ),
                        ),
                        (
                            "id_number_index",
                            models.CharField(
                                blank=True, db_index=True, editable=False, max_length=64
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="姓名")),
                        (
                            "gender",
                            models.CharField(
                                choices=[("male", "男"), ("female", "女")],
                                max_length=10,
                                verbose_name="性别",
                            ),
                        ),
                        (
                            "ethnicity",
                            models.CharField(
                                blank=True, default="汉族", max_length=20, verbose_name="民族"
                            ),
                        ),
                        ("birth_date", models.DateField(verbose_name="出生日期")),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=11,
                                validators=[partybuild.core.validators.validate_mobile],
                                verbose_name="手机号码",
                            ),
                        ),
                        (
                            "education",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("postgraduate", "研究生"),
                                    ("bachelor", "大学本科"),
                                    ("college", "大学专科"),
                                    ("secondary_vocational", "中等专科"),
                                    ("high_school", "高中"),
                                    ("junior_high_or_below", "初中及以下"),
                                ],
                                max_length=30,
                                verbose_name="学历",
                            ),
                        ),
                        (
                            "employer",
                            models.CharField(blank=True, max_length=200, verbose_name="工作单位"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "培养中"),
                                    ("probationary", "预备党员"),
                                    ("full", "已转正"),
                                    ("cancelled", "取消预备党员资格"),
                                    ("withdrawn", "终止培养"),
                                ],
                                default="active",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "probation_extension_months",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="延长预备期（月）"
                            ),
                        ),
                        (
                            "status_reason",
                            models.TextField(blank=True, verbose_name="终止或取消的原因"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="登记时间"),
                        ),
                        (
                            "member",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="candidate",
                                to="partybuild.member",
                                verbose_name="党员档案",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="candidates",
                                to="partybuild.organisation",
                                verbose_name="所在党支部",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="candidate",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="登录账号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "发展对象",
                        "verbose_name_plural": "发展党员",
                        "db_table": "partybuild_candidate",
                        "ordering": ["organisation__path", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="CandidateStep",
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
                        ("step", models.PositiveSmallIntegerField(verbose_name="步骤")),
                        ("done_on", models.DateField(verbose_name="日期")),
                        (
                            "training_days",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="培训天数"
                            ),
                        ),
                        (
                            "training_hours",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="培训学时"
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="情况记录")),
                        (
                            "review",
                            models.CharField(
                                choices=[
                                    ("pending", "待审核"),
                                    ("approved", "已审核"),
                                    ("returned", "退回"),
                                ],
                                default="approved",
                                max_length=20,
                                verbose_name="审核状态",
                            ),
                        ),
                        (
                            "recorded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="登记时间"),
                        ),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="recruitment.candidate",
                                verbose_name="发展对象",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partybuild.privatefile",
                                verbose_name="材料",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="partybuild.organisation",
                                verbose_name="办理党组织",
                            ),
                        ),
                        (
                            "people",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="partybuild.member",
                                verbose_name="培养联系人或入党介绍人",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="登记人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "发展步骤",
                        "verbose_name_plural": "发展步骤",
                        "db_table": "partybuild_candidatestep",
                        "ordering": ["candidate", "step"],
                    },
                ),
                migrations.CreateModel(
                    name="CandidateSubmission",
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
                                    ("application", "入党申请书"),
                                    ("thought_report", "思想汇报"),
                                ],
                                max_length=20,
                                verbose_name="类别",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("content", models.TextField(verbose_name="正文")),
                        (
                            "submitted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="提交时间"),
                        ),
                        (
                            "review",
                            models.CharField(
                                choices=[
                                    ("pending", "待审核"),
                                    ("approved", "已审核"),
                                    ("returned", "退回"),
                                ],
                                default="pending",
                                max_length=20,
                                verbose_name="审阅状态",
                            ),
                        ),
                        ("review_comment", models.TextField(blank=True, verbose_name="审阅意见")),
                        (
                            "reviewed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="审阅时间"),
                        ),
                        (
                            "attachment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partybuild.privatefile",
                                verbose_name="附件",
                            ),
                        ),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="submissions",
                                to="recruitment.candidate",
                                verbose_name="发展对象",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="审阅人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "入党申请书和思想汇报",
                        "verbose_name_plural": "入党申请书和思想汇报",
                        "db_table": "partybuild_candidatesubmission",
                        "ordering": ["-submitted_at", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="candidate",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("id_number_index", ""), _negated=True),
                        fields=("id_number_index",),
                        name="candidate_id_number_unique",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="candidatestep",
                    constraint=models.UniqueConstraint(
                        fields=("candidate", "step"), name="candidate_step_once"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
