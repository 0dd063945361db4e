"""A dues payment submitted twice is recorded once (issue 14, item 5).

Adds to DuesPayment the collecting ``organisation``, ``receipt_number_released``, the
``idempotency_key`` and its ``idempotency_fingerprint``, and two conditional unique constraints:
a receipt number once per organisation, an idempotency key once per recording account.

Existing rows may already repeat a receipt number. The migration does not fail on them and
changes no receipt number: before the constraint is added, the payments that should not hold
their number are marked ``receipt_number_released`` — payments already reversed (their
corrected payment may reuse the paper receipt) and, in each group of rows repeating an
organisation's number, every row but the first recorded (lowest id). The constraint covers only
rows that hold their number, so the marked rows stay as they were and keep showing their number.

``organisation`` is filled from the organisation that assessed the earliest month the payment
settled (the member's organisation on that month's first day), or, for a payment settling no
month, the member's current organisation; then it becomes required.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def payments_backfill(apps, schema_editor):
    DuesPayment = apps.get_model("partybuild", "DuesPayment")
    DuesAllocation = apps.get_model("partybuild", "DuesAllocation")
    Member = apps.get_model("partybuild", "Member")
    db = schema_editor.connection.alias
    payments = DuesPayment.objects.using(db)
    first_month_organisation = (
        DuesAllocation.objects.using(db)
        .filter(payment=OuterRef("pk"))
        .order_by("assessment__month", "pk")
        .values("assessment__organisation")[:1]
    )
    member_organisation = (
        Member.objects.using(db).filter(pk=OuterRef("member_id")).values("organisation")[:1]
    )
    payments.filter(organisation__isnull=True).update(
        organisation=Coalesce(Subquery(first_month_organisation), Subquery(member_organisation))
    )
    payments.filter(reversed_by__isnull=False).update(receipt_number_released=True)
    holders = payments.exclude(receipt_number="").filter(
        reverses__isnull=True, receipt_number_released=False
    )
    earlier = holders.filter(
        organisation=OuterRef("organisation"),
        receipt_number=OuterRef("receipt_number"),
        pk__lt=OuterRef("pk"),
    )
    holders.filter(Exists(earlier)).update(receipt_number_released=True)
    if schema_editor.connection.vendor == "postgresql":
        # The updates queued deferred foreign-key checks; run them now, or PostgreSQL refuses
        # the ALTER TABLE that follows in the same transaction ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("partybuild", "0013_private_files")]

    operations = [
        migrations.AddField(
            model_name="duespayment",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                help_text="登记时党员所在的党组织；收据编号在该组织内唯一",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dues_payments",
                to="partybuild.organisation",
                verbose_name="收缴党组织",
            ),
        ),
        migrations.AddField(
            model_name="duespayment",
            name="receipt_number_released",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="已冲正的缴费，或迁移前已存在的重复收据编号",
                verbose_name="不再占用收据编号",
            ),
        ),
        migrations.AddField(
            model_name="duespayment",
            name="idempotency_key",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="幂等键"
            ),
        ),
        migrations.AddField(
            model_name="duespayment",
            name="idempotency_fingerprint",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="请求摘要"
            ),
        ),
        migrations.RunPython(payments_backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="duespayment",
            name="organisation",
            field=models.ForeignKey(
                help_text="登记时党员所在的党组织；收据编号在该组织内唯一",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dues_payments",
                to="partybuild.organisation",
                verbose_name="收缴党组织",
            ),
        ),
        migrations.AddConstraint(
            model_name="duespayment",
            constraint=models.UniqueConstraint(
                condition=~Q(receipt_number="")
                & Q(reverses__isnull=True, receipt_number_released=False),
                fields=("organisation", "receipt_number"),
                name="dues_payment_receipt_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="duespayment",
            constraint=models.UniqueConstraint(
                condition=~Q(idempotency_key=""),
                fields=("recorded_by", "idempotency_key"),
                name="dues_payment_idempotency_once",
            ),
        ),
    ]
