import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0011_wishes_experiences_points"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberServiceSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
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
            },
        ),
        migrations.CreateModel(
            name="SecretaryLetter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "recipient_kind",
                    models.CharField(
                        choices=[
                            ("branch_secretary", "本支部书记"),
                            ("mailbox", "书记信箱（管理部门）"),
                        ],
                        max_length=20,
                        verbose_name="收信人",
                    ),
                ),
                ("subject", models.CharField(max_length=100, verbose_name="主题")),
                ("body", models.TextField(max_length=5000, verbose_name="正文")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="写信时间"),
                ),
                (
                    "email_sent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="邮件发送时间"),
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
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="BoardPost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content", models.TextField(max_length=500, verbose_name="留言内容")),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="留言时间"
                    ),
                ),
                (
                    "hidden",
                    models.BooleanField(db_index=True, default=False, verbose_name="已隐藏"),
                ),
                (
                    "hidden_reason",
                    models.CharField(blank=True, max_length=200, verbose_name="隐藏理由"),
                ),
                ("hidden_at", models.DateTimeField(blank=True, null=True, verbose_name="隐藏时间")),
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
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["author", "created_at"], name="board_post_author_time")
                ],
            },
        ),
        migrations.CreateModel(
            name="Suggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=100, verbose_name="标题")),
                ("content", models.TextField(max_length=5000, verbose_name="内容")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="提交时间"),
                ),
                ("is_anonymous", models.BooleanField(default=False, verbose_name="匿名")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "待处理"), ("replied", "已答复"), ("closed", "已关闭")],
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
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="关闭时间")),
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
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("is_anonymous", False), ("submitter__isnull", True), _connector="OR"
                        ),
                        name="suggestion_anonymous_has_no_submitter",
                    )
                ],
            },
        ),
    ]
