from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0009_organisation_life"),
    ]

    operations = []
