"""The data migration moves files uploaded before issue 14 out of Wagtail's public libraries."""

import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image as PillowImage

BEFORE = [("partybuild", "0012_suggestions_letters_board")]
AFTER = [("partybuild", "0013_private_files")]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.early  # migrates back and forth: tens of seconds
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_referenced_by_registers_move_to_private_storage(settings):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        _check_the_move(executor, settings)
    finally:
        # Whatever happened, later tests in this process need the schema as it is now.
        MigrationExecutor(connection).migrate(leaves)


def _check_the_move(executor, settings) -> None:
    old = executor.loader.project_state(BEFORE).apps
    # A transactional test before this one may have flushed the root collection away.
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
    public_image_path, public_document_path = image.file.path, document.file.path
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
    moved_wish = new.get_model("partybuild", "MicroWish").objects.get(pk=wish.pk)
    moved_attachment = new.get_model("partybuild", "InspectionAttachment").objects.get(
        pk=attachment.pk
    )
    private_image = new.get_model("partybuild", "PrivateFile").objects.get(pk=moved_wish.image_id)
    private_document = new.get_model("partybuild", "PrivateFile").objects.get(
        pk=moved_attachment.document_id
    )
    assert (private_image.kind, private_image.title) == ("image", "心愿照片")
    assert (private_document.kind, private_document.title) == ("document", "反馈材料")
    assert private_image.file.read() == png_bytes()
    assert private_document.file.read() == b"%PDF-1.4 old"
    assert private_image.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # The public copies are gone, rows and bytes.
    assert not new.get_model("wagtailimages", "Image").objects.exists()
    assert not new.get_model("wagtaildocs", "Document").objects.exists()
    assert not os.path.exists(public_image_path)
    assert not os.path.exists(public_document_path)
