"""Private files (issue 14): uploads of the registers leave Wagtail's public image and document
libraries for ``PrivateFile`` in the private storage.

Every file referenced by a register field is copied into the private storage and the field
re-pointed. Once the old fields are gone, the public copy (and its renditions) is deleted, unless the reference index
shows that content outside the registers (a page, a snippet) also uses it — an editor may have
picked it from the chooser while it was listed there; such a copy stays where it is.
A referenced Wagtail file whose data is missing from storage is reported and its field left
empty (there is nothing to move).
"""

import posixpath
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import partybuild.models.files

# (model, field, kind of the old target, on_delete and null of the field as it ends up)
FIELDS = [
    ("member", "photo", "image", "照片"),
    ("microwish", "image", "image", "图片"),
    ("microwish", "fulfilment_photo", "image", "完成照片"),
    ("microexperience", "image", "image", "图片"),
    ("microexperience", "attachment", "document", "附件"),
    ("candidatestep", "document", "document", "材料"),
    ("candidatesubmission", "attachment", "document", "附件"),
    ("meetingattachment", "document", "document", "文件"),
    ("meetingattachment", "image", "image", "照片"),
    ("inspectionattachment", "document", "document", "附件"),
]


def _copy_to_private(PrivateFile, source, kind):
    try:
        handle = source.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        print(f"\n  私有文件迁移：{kind} {source.pk}（{source.title}）的文件不存在，已跳过。")
        return None
    with handle:
        original = posixpath.basename(source.file.name)
        private = PrivateFile(
            key=uuid.uuid4(),
            kind=kind,
            title=source.title[:255],
            original_name=original[:255],
            size=getattr(source, "file_size", None) or source.file.size or 0,
            uploaded_by_id=source.uploaded_by_user_id,
        )
        private.file.save(original, handle, save=False)
        private.save()
    return private


def _used_outside_registers(apps, source, kind) -> bool:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    app_label, model = ("wagtailimages", "image") if kind == "image" else ("wagtaildocs", "document")
    target = ContentType.objects.filter(app_label=app_label, model=model).first()
    if target is None:
        return False
    return (
        ReferenceIndex.objects.filter(to_content_type=target, to_object_id=str(source.pk))
        .exclude(content_type__app_label="partybuild")
        .exists()
    )


def _delete_public_copy(apps, source, kind) -> None:
    if kind == "image":
        Rendition = apps.get_model("wagtailimages", "Rendition")
        for rendition in Rendition.objects.filter(image_id=source.pk):
            rendition.file.delete(save=False)
            rendition.delete()
    source.file.delete(save=False)
    source.delete()


def move_register_files(apps, schema_editor):
    """Copy each referenced file into a PrivateFile and point the register field at it."""
    PrivateFile = apps.get_model("partybuild", "PrivateFile")
    sources = {
        "image": apps.get_model("wagtailimages", "Image"),
        "document": apps.get_model("wagtaildocs", "Document"),
    }
    moved: dict[tuple[str, int], object] = {}
    for model_name, field, kind, _label in FIELDS:
        Model = apps.get_model("partybuild", model_name)
        for row in Model.objects.filter(**{f"{field}__isnull": False}).iterator():
            old_id = getattr(row, f"{field}_id")
            if (kind, old_id) not in moved:
                source = sources[kind].objects.filter(pk=old_id).first()
                private = source and _copy_to_private(PrivateFile, source, kind)
                if private is not None:
                    private.migrated_from = f"{kind}:{old_id}"
                    private.save(update_fields=["migrated_from"])
                moved[(kind, old_id)] = private
            private = moved[(kind, old_id)]
            setattr(row, f"{field}_private_id", private.pk if private else None)
            row.save(update_fields=[f"{field}_private"])


def delete_public_copies(apps, schema_editor):
    """Once no register field points at them, delete the public copies that were moved."""
    PrivateFile = apps.get_model("partybuild", "PrivateFile")
    sources = {
        "image": apps.get_model("wagtailimages", "Image"),
        "document": apps.get_model("wagtaildocs", "Document"),
    }
    for private in PrivateFile.objects.exclude(migrated_from="").iterator():
        kind, old_id = private.migrated_from.split(":")
        source = sources[kind].objects.filter(pk=int(old_id)).first()
        if source is not None and not _used_outside_registers(apps, source, kind):
            _delete_public_copy(apps, source, kind)


def _final_field(model_name: str, label: str):
    """The field as the model declares it after this migration."""
    required = model_name == "inspectionattachment"
    cascade = model_name in ("meetingattachment", "inspectionattachment")
    return models.ForeignKey(
        blank=not required,
        null=not required,
        on_delete=(
            django.db.models.deletion.CASCADE if cascade else django.db.models.deletion.SET_NULL
        ),
        related_name="+",
        to="partybuild.privatefile",
        verbose_name=label,
    )


class Migration(migrations.Migration):
    # On PostgreSQL, rows updated in a transaction leave deferred constraint checks that forbid
    # altering the same tables before commit: the data move commits on its own.
    atomic = False

    dependencies = [
        ("partybuild", "0012_suggestions_letters_board"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PrivateFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="标识"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("image", "图片"), ("document", "文件")],
                        max_length=10,
                        verbose_name="类别",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="标题")),
                (
                    "file",
                    models.FileField(
                        storage=partybuild.models.files.private_storage,
                        upload_to=partybuild.models.files._upload_to,
                        verbose_name="文件",
                    ),
                ),
                (
                    "original_name",
                    models.CharField(blank=True, max_length=255, verbose_name="原文件名"),
                ),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="大小（字节）")),
                ("migrated_from", models.CharField(blank=True, max_length=40)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
                    ),
                ),
            ],
            options={"verbose_name": "私有文件", "verbose_name_plural": "私有文件"},
        ),
        *[
            migrations.AddField(
                model_name=model_name,
                name=f"{field}_private",
                field=models.ForeignKey(
                    null=True,
                    blank=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="partybuild.privatefile",
                ),
            )
            for model_name, field, _kind, _label in FIELDS
        ],
        migrations.RunPython(move_register_files, migrations.RunPython.noop, atomic=True),
        *[
            operation
            for model_name, field, _kind, label in FIELDS
            for operation in (
                migrations.RemoveField(model_name=model_name, name=field),
                migrations.RenameField(
                    model_name=model_name, old_name=f"{field}_private", new_name=field
                ),
            )
        ],
        # A response attachment without its file means nothing: drop any left empty (the
        # file was missing) before the field becomes required again.
        migrations.RunSQL(
            "DELETE FROM partybuild_inspectionattachment WHERE document_id IS NULL",
            migrations.RunSQL.noop,
        ),
        *[
            migrations.AlterField(
                model_name=model_name, name=field, field=_final_field(model_name, label)
            )
            for model_name, field, _kind, label in FIELDS
        ],
        migrations.RunPython(delete_public_copies, migrations.RunPython.noop, atomic=True),
        migrations.RemoveField(model_name="privatefile", name="migrated_from"),
    ]
