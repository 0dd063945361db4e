"""The memberservices app's models, moved from partybuild with their tables (state only: the tables
keep their names and rows), and their content types with them."""

import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import partybuild.core.validators
from partybuild.migration_operations import SeparateDatabaseAndStateUnrendered

MODELS = [
    "boardpost",
    "memberservicesettings",
    "microexperience",
    "microwish",
    "pointsentry",
    "secretaryletter",
    "suggestion",
]


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions, group grants and audit
    entries) follow them from partybuild to memberservices."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="partybuild", model__in=MODELS).update(
        app_label="memberservices"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="memberservices", model__in=MODELS).update(
        app_label="partybuild"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("partybuild", "0016_move_domain_models"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SeparateDatabaseAndStateUnrendered(
            state_operations=[
                migrations.CreateModel(
                    name="MemberServiceSettings",
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
                            "suggestions_anonymous_allowed",
                            models.BooleanField(
                                default=False,
                                help_text="开启后，党员可匿名提交意见建议；匿名提交的记录不保存提交人。",
                                verbose_name="是否允许匿名提交意见建议",
                            ),
                        ),
                        (
                            "mailbox_email",
                            models.EmailField(
                                blank=True,
                                help_text="党员写给「书记信箱」的信件发送到此邮箱；留空则不能向书记信箱写信。",
                                max_length=254,
                                verbose_name="书记信箱接收邮箱",
                            ),
                        ),
                        (
                            "board_posts_per_hour",
                            models.PositiveSmallIntegerField(
                                default=5, verbose_name="留言板每人每小时发帖上限"
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="wagtailcore.site",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "便民服务设置",
                        "verbose_name_plural": "便民服务设置",
                        "db_table": "partybuild_memberservicesettings",
                    },
                ),
                migrations.CreateModel(
                    name="MicroExperience",
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
                        (
                            "submitted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="发布时间"),
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
                                to="partybuild.privatefile",
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
                        "db_table": "partybuild_microexperience",
                        "ordering": ["-submitted_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SecretaryLetter",
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
                            "recipient_kind",
                            models.CharField(
                                choices=[
                                    ("branch_secretary", "本支部书记"),
                                    ("mailbox", "上级党组织书记信箱"),
                                ],
                                max_length=20,
                                verbose_name="收信人",
                            ),
                        ),
                        ("subject", models.CharField(max_length=100, verbose_name="主题")),
                        ("body", models.TextField(max_length=5000, verbose_name="正文")),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="写信时间"
                            ),
                        ),
                        (
                            "email_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="邮件发送时间"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("sent", "待答复"), ("replied", "已答复")],
                                db_index=True,
                                default="sent",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        ("reply", models.TextField(blank=True, verbose_name="答复")),
                        (
                            "replied_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="答复时间"),
                        ),
                        (
                            "addressee",
                            models.ForeignKey(
                                help_text="信件只送达该党组织的书记（管理该党组织的账号）。",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="addressed_letters",
                                to="partybuild.organisation",
                                verbose_name="收信党组织",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="secretary_letters",
                                to="partybuild.organisation",
                                verbose_name="所在党组织",
                            ),
                        ),
                        (
                            "replied_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="答复人",
                            ),
                        ),
                        (
                            "sender",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="secretary_letters",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="写信人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "书记信箱",
                        "verbose_name_plural": "书记信箱",
                        "db_table": "partybuild_secretaryletter",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="BoardPost",
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
                        ("content", models.TextField(max_length=500, verbose_name="留言内容")),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                verbose_name="留言时间",
                            ),
                        ),
                        (
                            "hidden",
                            models.BooleanField(
                                db_index=True, default=False, verbose_name="已隐藏"
                            ),
                        ),
                        (
                            "hidden_reason",
                            models.CharField(blank=True, max_length=200, verbose_name="隐藏理由"),
                        ),
                        (
                            "hidden_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="隐藏时间"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="board_posts",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="留言人",
                            ),
                        ),
                        (
                            "hidden_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="隐藏人",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="board_posts",
                                to="partybuild.organisation",
                                verbose_name="所在党组织",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "留言板",
                        "verbose_name_plural": "留言板",
                        "db_table": "partybuild_boardpost",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["author", "created_at"], name="board_post_author_time"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MicroWish",
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
                        ("title", models.CharField(max_length=100, verbose_name="微心愿名称")),
                        (
                            "value",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="价值（元）"
                            ),
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
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="登记时间"),
                        ),
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
                                to="partybuild.privatefile",
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
                                to="partybuild.privatefile",
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
                        "db_table": "partybuild_microwish",
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
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
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
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="时间"
                            ),
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
                        "db_table": "partybuild_pointsentry",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("member", "source_type", "source_id", "reason_kind"),
                                name="points_entry_once_per_source",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Suggestion",
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
                        ("title", models.CharField(max_length=100, verbose_name="标题")),
                        ("content", models.TextField(max_length=5000, verbose_name="内容")),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                editable=False,
                                help_text="匿名提交只保留日期（当日 00:00）。",
                                verbose_name="提交时间",
                            ),
                        ),
                        ("is_anonymous", models.BooleanField(default=False, verbose_name="匿名")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "待处理"),
                                    ("replied", "已答复"),
                                    ("closed", "已关闭"),
                                ],
                                db_index=True,
                                default="open",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        ("reply", models.TextField(blank=True, verbose_name="答复")),
                        (
                            "replied_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="答复时间"),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="关闭时间"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="suggestions",
                                to="partybuild.organisation",
                                verbose_name="所在党组织",
                            ),
                        ),
                        (
                            "replied_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="答复人",
                            ),
                        ),
                        (
                            "submitter",
                            models.ForeignKey(
                                blank=True,
                                help_text="匿名提交时为空。",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="suggestions",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="提交人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "意见建议",
                        "verbose_name_plural": "意见建议",
                        "db_table": "partybuild_suggestion",
                        "ordering": [
                            models.OrderBy(
                                django.db.models.functions.datetime.TruncDate("created_at"),
                                descending=True,
                            ),
                            "-pk",
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("is_anonymous", False),
                                    ("submitter__isnull", True),
                                    _connector="OR",
                                ),
                                name="suggestion_anonymous_has_no_submitter",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
