"""The official dues table (docs/domain.md §4; 关于中国共产党党费收缴、使用和管理的规定, 2008),
effective from April 2008."""

import datetime
from decimal import Decimal

from django.db import migrations

EFFECTIVE = datetime.date(2008, 4, 1)

#: (category, income above, income up to, rate, fixed amount or minimum, maximum)
RATES = [
    ("in_service", None, "3000.00", "0.0050", None, None),
    ("in_service", "3000.00", "5000.00", "0.0100", None, None),
    ("in_service", "5000.00", "10000.00", "0.0150", None, None),
    ("in_service", "10000.00", None, "0.0200", None, None),
    ("retired", None, "5000.00", "0.0050", None, None),
    ("retired", "5000.00", None, "0.0100", None, None),
    ("farmer", None, None, None, "0.20", "1.00"),
    ("student", None, None, None, "0.20", None),
    ("unemployed", None, None, None, "0.20", None),
    ("relief", None, None, None, "0.20", None),
]


def _decimal(value):
    return Decimal(value) if value is not None else None


def add_rates(apps, schema_editor):
    DuesRate = apps.get_model("partybuild", "DuesRate")
    if DuesRate.objects.filter(effective_from=EFFECTIVE).exists():
        return
    DuesRate.objects.bulk_create(
        [
            DuesRate(
                category=category,
                income_above=_decimal(above),
                income_up_to=_decimal(up_to),
                rate=_decimal(rate),
                fixed_amount=_decimal(fixed),
                maximum=_decimal(maximum),
                effective_from=EFFECTIVE,
            )
            for category, above, up_to, rate, fixed, maximum in RATES
        ]
    )


def remove_rates(apps, schema_editor):
    apps.get_model("partybuild", "DuesRate").objects.filter(effective_from=EFFECTIVE).delete()


class Migration(migrations.Migration):
    dependencies = [("partybuild", "0006_dues")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
