"""The dues app's models, moved from partybuild with their tables (state only: the tables
keep their names and rows), and their content types with them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from partybuild.migration_operations import SeparateDatabaseAndStateUnrendered

MODELS = ["duesallocation", "duesassessment", "duespayment", "duesprofile", "duesrate"]


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, group grants and audit
    entries) follow them from partybuild to dues."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="partybuild", model__in=MODELS).update(app_label="dues")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="dues", model__in=MODELS).update(app_label="partybuild")


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
                    name="DuesRate",
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
                            "category",
                            models.CharField(
                                choices=[
                                    ("in_service", "在职"),
                                    ("retired", "离退休"),
                                    ("farmer", "农民"),
                                    ("student", "学生"),
                                    ("unemployed", "下岗失业"),
                                    ("relief", "享受低保或救济"),
                                    ("other_fixed", "其他定额"),
                                ],
                                max_length=20,
                                verbose_name="类别",
                            ),
                        ),
                        (
                            "income_above",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="月收入高于",
                            ),
                        ),
                        (
                            "income_up_to",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="月收入不超过",
                            ),
                        ),
                        (
                            "rate",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                help_text="如 0.0050",
                                max_digits=6,
                                null=True,
                                verbose_name="比例",
                            ),
                        ),
                        (
                            "fixed_amount",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="定额（或最低额）",
                            ),
                        ),
                        (
                            "maximum",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="最高额",
                            ),
                        ),
                        (
                            "effective_from",
                            models.DateField(help_text="该月1日起适用", verbose_name="生效月份"),
                        ),
                    ],
                    options={
                        "verbose_name": "党费标准",
                        "verbose_name_plural": "党费标准",
                        "db_table": "partybuild_duesrate",
                        "ordering": ["-effective_from", "category", "income_above"],
                        "permissions": [("manage_dues_rates", "维护党费标准")],
                    },
                ),
                migrations.CreateModel(
                    name="DuesAssessment",
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
                        ("month", models.DateField(help_text="该月1日", verbose_name="月份")),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("in_service", "在职"),
                                    ("retired", "离退休"),
                                    ("farmer", "农民"),
                                    ("student", "学生"),
                                    ("unemployed", "下岗失业"),
                                    ("relief", "享受低保或救济"),
                                    ("other_fixed", "其他定额"),
                                ],
                                max_length=20,
                                verbose_name="缴费类别",
                            ),
                        ),
                        (
                            "base_income",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="月工资收入（税后）",
                            ),
                        ),
                        (
                            "rate",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=6,
                                null=True,
                                verbose_name="比例",
                            ),
                        ),
                        (
                            "computed_amount",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="应缴"
                            ),
                        ),
                        (
                            "voluntary_extra",
                            models.DecimalField(
                                decimal_places=2, default=0, max_digits=12, verbose_name="自愿多交"
                            ),
                        ),
                        (
                            "amount_due",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="应收合计"
                            ),
                        ),
                        (
                            "paid_amount",
                            models.DecimalField(
                                decimal_places=2, default=0, max_digits=12, verbose_name="已缴"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="核定时间"),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dues_assessments",
                                to="partybuild.member",
                                verbose_name="党员",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dues_assessments",
                                to="partybuild.organisation",
                                verbose_name="所在党组织",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "党费核定",
                        "verbose_name_plural": "党费核定",
                        "db_table": "partybuild_duesassessment",
                        "ordering": ["member", "month"],
                    },
                ),
                migrations.CreateModel(
                    name="DuesPayment",
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
                            "amount",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="金额"
                            ),
                        ),
                        (
                            "voluntary_extra",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=12,
                                verbose_name="其中自愿多交",
                            ),
                        ),
                        ("paid_on", models.DateField(verbose_name="缴费日期")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("cash", "现金"),
                                    ("bank", "银行转账"),
                                    ("online", "线上"),
                                ],
                                max_length=20,
                                verbose_name="缴费方式",
                            ),
                        ),
                        (
                            "receipt_number",
                            models.CharField(blank=True, max_length=50, verbose_name="收据编号"),
                        ),
                        (
                            "reason",
                            models.CharField(blank=True, max_length=200, verbose_name="说明"),
                        ),
                        (
                            "recorded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="登记时间"),
                        ),
                        (
                            "receipt_number_released",
                            models.BooleanField(
                                default=False,
                                editable=False,
                                help_text="已冲正的缴费，或迁移前已存在的重复收据编号",
                                verbose_name="不再占用收据编号",
                            ),
                        ),
                        (
                            "idempotency_key",
                            models.CharField(
                                blank=True, editable=False, max_length=100, verbose_name="幂等键"
                            ),
                        ),
                        (
                            "idempotency_fingerprint",
                            models.CharField(
                                blank=True, editable=False, max_length=64, verbose_name="请求摘要"
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dues_payments",
                                to="partybuild.member",
                                verbose_name="党员",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                help_text="登记时党员所在的党组织；收据编号在该组织内唯一",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dues_payments",
                                to="partybuild.organisation",
                                verbose_name="收缴党组织",
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
                        (
                            "reverses",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reversed_by",
                                to="dues.duespayment",
                                verbose_name="冲正的缴费",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "党费缴纳",
                        "verbose_name_plural": "党费缴纳",
                        "db_table": "partybuild_duespayment",
                        "ordering": ["-paid_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DuesAllocation",
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
                            "amount",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="金额"
                            ),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="allocations",
                                to="dues.duesassessment",
                                verbose_name="核定月份",
                            ),
                        ),
                        (
                            "payment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="allocations",
                                to="dues.duespayment",
                                verbose_name="缴费",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "缴费分配",
                        "verbose_name_plural": "缴费分配",
                        "db_table": "partybuild_duesallocation",
                    },
                ),
                migrations.CreateModel(
                    name="DuesProfile",
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
                            "category",
                            models.CharField(
                                choices=[
                                    ("in_service", "在职"),
                                    ("retired", "离退休"),
                                    ("farmer", "农民"),
                                    ("student", "学生"),
                                    ("unemployed", "下岗失业"),
                                    ("relief", "享受低保或救济"),
                                    ("other_fixed", "其他定额"),
                                ],
                                max_length=20,
                                verbose_name="缴费类别",
                            ),
                        ),
                        (
                            "base_income",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="月工资收入（税后）",
                            ),
                        ),
                        (
                            "fixed_amount",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="定额",
                            ),
                        ),
                        (
                            "voluntary_extra",
                            models.DecimalField(
                                decimal_places=2, default=0, max_digits=12, verbose_name="自愿多交"
                            ),
                        ),
                        ("effective_from", models.DateField(verbose_name="生效月份")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="登记时间"),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="dues_profiles",
                                to="partybuild.member",
                                verbose_name="党员",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "党费基数",
                        "verbose_name_plural": "党费基数",
                        "db_table": "partybuild_duesprofile",
                        "ordering": ["member", "-effective_from"],
                    },
                ),
                migrations.AddIndex(
                    model_name="duesassessment",
                    index=models.Index(fields=["organisation", "month"], name="dues_org_month"),
                ),
                migrations.AddConstraint(
                    model_name="duesassessment",
                    constraint=models.UniqueConstraint(
                        fields=("member", "month"), name="dues_assessment_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="duespayment",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(
                            models.Q(("receipt_number", ""), _negated=True),
                            ("receipt_number_released", False),
                            ("reverses__isnull", True),
                        ),
                        fields=("organisation", "receipt_number"),
                        name="dues_payment_receipt_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="duespayment",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("idempotency_key", ""), _negated=True),
                        fields=("recorded_by", "idempotency_key"),
                        name="dues_payment_idempotency_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="duesprofile",
                    constraint=models.UniqueConstraint(
                        fields=("member", "effective_from"), name="dues_profile_one_per_month"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
