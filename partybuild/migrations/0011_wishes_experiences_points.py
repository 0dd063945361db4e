from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0010_supervision"),
    ]

    operations = []
