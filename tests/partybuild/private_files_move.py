"""The data migration of partybuild 0013, run in a process of its own on a database of its own.

Run by tests/partybuild/test_private_files_migration.py. A fresh database migrates forward only
as far as the migration needs (about 60 migrations); going back to 0012 in the test run's own
database would unapply and reapply everything after it, several times the work. The script
records register files as issue 14 found them, migrates across 0013 and prints what it finds
afterwards as one line of JSON for the test to check.
"""

import datetime
import io
import json
import os

import django

BEFORE = [("partybuild", "0012_suggestions_letters_board")]
AFTER = [("partybuild", "0013_private_files")]


def png_bytes() -> bytes:
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def main() -> dict:
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    collection, _ = old.get_model("wagtailcore", "Collection").objects.get_or_create(
        depth=1, defaults={"path": "0001", "numchild": 0, "name": "Root"}
    )
    # Historical models cannot compute Wagtail's upload paths: store the bytes first.
    image = old.get_model("wagtailimages", "Image").objects.create(
        title="心愿照片",
        collection=collection,
        file=default_storage.save("original_images/wish.png", ContentFile(png_bytes())),
        width=8,
        height=6,
    )
    document = old.get_model("wagtaildocs", "Document").objects.create(
        title="反馈材料",
        collection=collection,
        file=default_storage.save("documents/reply.pdf", ContentFile(b"%PDF-1.4 old")),
    )
    public_paths = [image.file.path, document.file.path]
    organisation = old.get_model("partybuild", "Organisation").objects.create(
        name="一支部", code="B1", org_type="branch", path="0001", depth=1
    )
    wish = old.get_model("partybuild", "MicroWish").objects.create(
        image_id=image.pk,
        title="一个书包",
        value="50.00",
        deadline=datetime.date(2030, 1, 1),
        owner_name="小明",
        organisation=organisation,
    )
    task = old.get_model("partybuild", "InspectionTask").objects.create(
        issuer=organisation, subject="督查", requirements="反馈", deadline=datetime.date(2030, 1, 1)
    )
    assignment = old.get_model("partybuild", "InspectionAssignment").objects.create(
        task=task, organisation=organisation
    )
    attachment = old.get_model("partybuild", "InspectionAttachment").objects.create(
        assignment=assignment, document_id=document.pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    PrivateFile = new.get_model("partybuild", "PrivateFile")
    moved_wish = new.get_model("partybuild", "MicroWish").objects.get(pk=wish.pk)
    moved_attachment = new.get_model("partybuild", "InspectionAttachment").objects.get(
        pk=attachment.pk
    )
    moved = {
        "image": PrivateFile.objects.get(pk=moved_wish.image_id),
        "document": PrivateFile.objects.get(pk=moved_attachment.document_id),
    }
    return {
        "moved": {
            name: {"kind": f.kind, "title": f.title, "path": f.file.path}
            for name, f in moved.items()
        },
        "public_paths": public_paths,
        "public_rows": {
            "images": new.get_model("wagtailimages", "Image").objects.count(),
            "documents": new.get_model("wagtaildocs", "Document").objects.count(),
        },
        "folders": [str(settings.MEDIA_ROOT), str(settings.PRIVATE_MEDIA_ROOT)],
        "private_root": str(settings.PRIVATE_MEDIA_ROOT),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings.test")
    django.setup()
    print(json.dumps(main(), ensure_ascii=False))
