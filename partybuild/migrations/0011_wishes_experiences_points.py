import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import partybuild.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0010_supervision"),
    ]

    operations = [
        migrations.CreateModel(
            name="MicroExperience",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="主题")),
                ("content", models.TextField(verbose_name="内容")),
                (
                    "points",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="心得积分"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "待审核"),
                            ("approved", "已通过"),
                            ("rejected", "已驳回"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("reject_reason", models.TextField(blank=True, verbose_name="驳回理由")),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="审核时间"),
                ),
                ("submitted_at", models.DateTimeField(auto_now_add=True, verbose_name="发布时间")),
                (
                    "attachment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="附件",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="experiences",
                        to="partybuild.member",
                        verbose_name="发布者",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="图片",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="experiences",
                        to="partybuild.organisation",
                        verbose_name="所在组织",
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
                        verbose_name="审核人",
                    ),
                ),
            ],
            options={
                "verbose_name": "微心得",
                "verbose_name_plural": "微心得",
                "ordering": ["-submitted_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="MicroWish",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=100, verbose_name="微心愿名称")),
                (
                    "value",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="价值（元）"),
                ),
                ("deadline", models.DateField(verbose_name="截止日期")),
                ("owner_name", models.CharField(max_length=50, verbose_name="心愿主人")),
                (
                    "owner_phone",
                    models.CharField(
                        blank=True,
                        max_length=11,
                        validators=[partybuild.core.validators.validate_mobile],
                        verbose_name="心愿主人电话",
                    ),
                ),
                ("situation", models.TextField(blank=True, verbose_name="基本情况")),
                (
                    "cash_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="现金支付（元）",
                    ),
                ),
                (
                    "mailing_address",
                    models.CharField(blank=True, max_length=200, verbose_name="邮寄地址"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "待审核"),
                            ("published", "已发布"),
                            ("claimed", "已认领"),
                            ("completed", "已完成"),
                            ("rejected", "已驳回"),
                            ("expired", "已过期"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("reject_reason", models.TextField(blank=True, verbose_name="驳回理由")),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="发布时间"),
                ),
                (
                    "claimed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="认领时间"),
                ),
                ("fulfilment_note", models.TextField(blank=True, verbose_name="完成情况")),
                (
                    "fulfilled_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="完成时间"),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="确认时间"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "claimed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claimed_wishes",
                        to="partybuild.member",
                        verbose_name="认领人",
                    ),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="确认人",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "fulfilment_photo",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="完成照片",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="图片",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="wishes",
                        to="partybuild.organisation",
                        verbose_name="申请支部",
                    ),
                ),
            ],
            options={
                "verbose_name": "微心愿",
                "verbose_name_plural": "微心愿",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["status", "deadline"], name="wish_status_deadline")
                ],
            },
        ),
        migrations.CreateModel(
            name="PointsEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("points", models.IntegerField(verbose_name="积分")),
                (
                    "reason_kind",
                    models.CharField(
                        choices=[
                            ("experience", "微心得审核通过"),
                            ("wish", "完成微心愿"),
                            ("other", "其他"),
                        ],
                        max_length=20,
                        verbose_name="类别",
                    ),
                ),
                ("reason", models.CharField(max_length=255, verbose_name="事由")),
                ("source_type", models.CharField(max_length=40, verbose_name="来源类型")),
                ("source_id", models.PositiveIntegerField(verbose_name="来源编号")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间"),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="points_entries",
                        to="partybuild.member",
                        verbose_name="党员",
                    ),
                ),
            ],
            options={
                "verbose_name": "积分记录",
                "verbose_name_plural": "积分记录",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("member", "source_type", "source_id", "reason_kind"),
                        name="points_entry_once_per_source",
                    )
                ],
            },
        ),
    ]
