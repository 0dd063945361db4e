"""Break-glass superusers (issue 17): until when an account holds the superuser flag."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0021_user_password_change_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="superuser_until",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="应急超级管理员权限到期的时间；留空表示直至撤销（manage.py breakglass）。",
                null=True,
                verbose_name="超级管理员权限截止",
            ),
        ),
    ]
