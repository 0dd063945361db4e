from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partybuild", "0011_wishes_experiences_points"),
    ]

    operations = []
