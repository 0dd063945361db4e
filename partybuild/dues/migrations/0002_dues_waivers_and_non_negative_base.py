"""减免 and a base that is never negative (issue 16, item 8; docs/domain.md §4).

Adds DuesWaiver (a reduction or waiver with its reason and the 上级党委's approval), the waiver and
the amount it takes off on each DuesAssessment, and check constraints keeping a dues profile's
base, fixed amount and voluntary extra at zero or more. A database holding a negative one stops
the migration with the rows to correct (the service and the admin form have always refused
them, so none is expected); nothing is changed silently.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def refuse_negative_profiles(apps, schema_editor):
    DuesProfile = apps.get_model("dues", "DuesProfile")
    negative = DuesProfile.objects.using(schema_editor.connection.alias).filter(
        models.Q(base_income__lt=0) | models.Q(fixed_amount__lt=0) | models.Q(voluntary_extra__lt=0)
    )
    ids = list(negative.values_list("pk", flat=True)[:50])
    if ids:
        raise RuntimeError(f"党费基数不能为负数：请先更正这些党费基数记录（DuesProfile id）：{ids}")


class Migration(migrations.Migration):
    dependencies = [
        ("dues", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_negative_profiles, migrations.RunPython.noop),
        migrations.CreateModel(
            name="DuesWaiver",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("reduction", "减交"), ("exemption", "免交")],
                        max_length=20,
                        verbose_name="减免方式",
                    ),
                ),
                (
                    "reduced_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="减交时填写；免交不填",
                        max_digits=12,
                        null=True,
                        verbose_name="减交后每月应缴",
                    ),
                ),
                ("start_month", models.DateField(help_text="该月1日", verbose_name="起始月份")),
                (
                    "end_month",
                    models.DateField(help_text="该月1日，含该月", verbose_name="截止月份"),
                ),
                ("reason", models.TextField(verbose_name="减免原因")),
                ("approver", models.CharField(blank=True, max_length=50, verbose_name="批准人")),
                ("approved_on", models.DateField(verbose_name="批准日期")),
                ("approval_document", models.CharField(max_length=100, verbose_name="批准文号")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="撤销时间"),
                ),
                (
                    "revoke_reason",
                    models.CharField(blank=True, max_length=200, verbose_name="撤销原因"),
                ),
            ],
            options={
                "db_table": "partybuild_dueswaiver",
                "verbose_name": "党费减免",
                "verbose_name_plural": "党费减免",
                "ordering": ["-start_month", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="duesassessment",
            name="waived_amount",
            field=models.DecimalField(
                decimal_places=2, default=0, max_digits=12, verbose_name="减免金额"
            ),
        ),
        migrations.AddConstraint(
            model_name="duesprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("base_income__isnull", True), ("base_income__gte", 0), _connector="OR"
                ),
                name="dues_profile_base_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="duesprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("fixed_amount__isnull", True), ("fixed_amount__gte", 0), _connector="OR"
                ),
                name="dues_profile_fixed_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="duesprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("voluntary_extra__gte", 0)),
                name="dues_profile_voluntary_not_negative",
            ),
        ),
        migrations.AddField(
            model_name="dueswaiver",
            name="approving_organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partybuild.organisation",
                verbose_name="批准的上级党委",
            ),
        ),
        migrations.AddField(
            model_name="dueswaiver",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dues_waivers",
                to="partybuild.member",
                verbose_name="党员",
            ),
        ),
        migrations.AddField(
            model_name="dueswaiver",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dues_waivers",
                to="partybuild.organisation",
                verbose_name="登记时所在党组织",
            ),
        ),
        migrations.AddField(
            model_name="dueswaiver",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="登记人",
            ),
        ),
        migrations.AddField(
            model_name="dueswaiver",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="撤销人",
            ),
        ),
        migrations.AddField(
            model_name="duesassessment",
            name="waiver",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="dues.dueswaiver",
                verbose_name="减免",
            ),
        ),
        migrations.AddIndex(
            model_name="dueswaiver",
            index=models.Index(fields=["member", "start_month"], name="dues_waiver_member"),
        ),
        migrations.AddConstraint(
            model_name="dueswaiver",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_month__gte", models.F("start_month"))),
                name="dues_waiver_period_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="dueswaiver",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "exemption"), ("reduced_amount__isnull", True)),
                    models.Q(("kind", "reduction"), ("reduced_amount__gt", 0)),
                    _connector="OR",
                ),
                name="dues_waiver_reduced_amount",
            ),
        ),
    ]
