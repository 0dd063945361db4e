# Reserved so that parallel work on issue 14 cannot produce conflicting migration leaves.
#
# Issue 14, items 3, 4 and 8:
# - 意见建议: an anonymous suggestion keeps only the day it was submitted (00:00 Asia/Shanghai),
#   so no timestamp can link it to its author; ``created_at`` is set by the service instead of
#   auto_now_add, lists order by day then entry. Existing anonymous rows are coarsened here.
# - 随机抽查: the inspecting side is recorded (``inspecting_organisation``); pending inspections
#   get their drawer's organisation. Older rows without it fall back to the meeting's scope,
#   less the inspected branch (services.supervision.meeting_inspection_refusal).
# - 书记信箱: every letter is addressed to one organisation (``addressee``); existing letters get
#   the writer's branch (本支部书记) or the top organisation of their tree (书记信箱).
# Schema operations come first and data last, so that PostgreSQL never alters a table with
# pending deferred-constraint events.
import zoneinfo

import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _coarsen_anonymous_suggestions(apps, schema_editor):
    Suggestion = apps.get_model("partybuild", "Suggestion")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for pk, created_at in Suggestion.objects.filter(is_anonymous=True).values_list(
        "pk", "created_at"
    ):
        day = created_at.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        if day != created_at:
            Suggestion.objects.filter(pk=pk).update(created_at=day)


def _record_inspecting_side(apps, schema_editor):
    MeetingInspection = apps.get_model("partybuild", "MeetingInspection")
    pending = MeetingInspection.objects.filter(
        verdict="pending",
        inspecting_organisation__isnull=True,
        inspector__is_superuser=False,
        inspector__administered_organisation__isnull=False,
    ).values_list("pk", "inspector__administered_organisation")
    for pk, organisation_id in pending:
        MeetingInspection.objects.filter(pk=pk).update(inspecting_organisation_id=organisation_id)


def _address_letters(apps, schema_editor):
    Organisation = apps.get_model("partybuild", "Organisation")
    SecretaryLetter = apps.get_model("partybuild", "SecretaryLetter")
    ids_by_path = dict(Organisation.objects.values_list("path", "pk"))
    letters = SecretaryLetter.objects.filter(addressee__isnull=True).values_list(
        "pk",
        "recipient_kind",
        "organisation__path",
        "organisation__depth",
        "organisation__org_type",
    )
    for pk, kind, path, depth, org_type in letters:
        step = len(path) // depth
        if kind == "branch_secretary":
            target = path[:-step] if org_type == "group" and depth > 1 else path
        else:
            target = path[:step]
        SecretaryLetter.objects.filter(pk=pk).update(addressee_id=ids_by_path[target])


class Migration(migrations.Migration):
    dependencies = [("partybuild", "0014_dues_payment_idempotency")]

    operations = [
        migrations.AlterModelOptions(
            name="suggestion",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.datetime.TruncDate("created_at"),
                        descending=True,
                    ),
                    "-pk",
                ],
                "verbose_name": "意见建议",
                "verbose_name_plural": "意见建议",
            },
        ),
        migrations.AlterField(
            model_name="suggestion",
            name="created_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="匿名提交只保留日期（当日 00:00）。",
                verbose_name="提交时间",
            ),
        ),
        migrations.AddField(
            model_name="meetinginspection",
            name="inspecting_organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="抽取本次抽查的党组织；由其及上级党组织的管理员评定。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="partybuild.organisation",
                verbose_name="抽查方",
            ),
        ),
        migrations.AddField(
            model_name="secretaryletter",
            name="addressee",
            field=models.ForeignKey(
                help_text="信件只送达该党组织的书记（管理该党组织的账号）。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="addressed_letters",
                to="partybuild.organisation",
                verbose_name="收信党组织",
            ),
        ),
        migrations.AlterField(
            model_name="secretaryletter",
            name="recipient_kind",
            field=models.CharField(
                choices=[("branch_secretary", "本支部书记"), ("mailbox", "上级党组织书记信箱")],
                max_length=20,
                verbose_name="收信人",
            ),
        ),
        migrations.RunPython(_coarsen_anonymous_suggestions, migrations.RunPython.noop),
        migrations.RunPython(_record_inspecting_side, migrations.RunPython.noop),
        migrations.RunPython(_address_letters, migrations.RunPython.noop),
    ]
