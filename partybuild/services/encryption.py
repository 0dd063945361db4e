"""Re-encryption of the personal data encrypted at rest (partybuild/core/crypto.py), for key
rotation: every encrypted column of every model is rewritten with the first key of
``FIELD_ENCRYPTION_KEY``, and with ``reindex`` the blind indexes (ID numbers' and every
:class:`~partybuild.core.crypto.BlindIndexField`, e.g. phone numbers') are recomputed under the
current index key."""

from django.apps import apps
from django.db import transaction

from partybuild.core.crypto import BlindIndexField, EncryptedTextField
from partybuild.models.identity import IdNumberMixin

#: Rows rewritten per UPDATE batch.
ROTATION_BATCH_SIZE = 500


def encrypted_values_rotate(*, reindex: bool = False) -> dict[str, int]:
    """Rewrite every encrypted value with the first key (and, with ``reindex``, recompute the
    blind indexes); returns the rows rewritten per model label. Each model is rewritten in one
    transaction, so a failure leaves it as it was."""
    rewritten: dict[str, int] = {}
    for model in apps.get_models():
        encrypted = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if not encrypted:
            continue
        fields = list(encrypted)
        indexes: list[BlindIndexField] = []
        if reindex:
            if issubclass(model, IdNumberMixin):
                fields.append("id_number_index")
            indexes = [
                field for field in model._meta.concrete_fields if isinstance(field, BlindIndexField)
            ]
            fields.extend(field.name for field in indexes)
        rewritten[model._meta.label] = _model_rotate(model=model, fields=fields, indexes=indexes)
    return rewritten


@transaction.atomic
def _model_rotate(*, model, fields: list[str], indexes: list[BlindIndexField]) -> int:
    manager = model._base_manager
    sources = {index.source for index in indexes}
    count = 0
    batch = []
    rows = manager.order_by("pk").only("pk", *fields, *sources)
    for row in rows.iterator(chunk_size=ROTATION_BATCH_SIZE):
        if "id_number_index" in fields:
            row.id_number = row.id_number  # the setter recomputes the index
        for index in indexes:
            index.pre_save(row, add=False)  # bulk_update does not call pre_save
        batch.append(row)
        if len(batch) == ROTATION_BATCH_SIZE:
            manager.bulk_update(batch, fields)
            count += len(batch)
            batch = []
    if batch:
        manager.bulk_update(batch, fields)
        count += len(batch)
    return count
