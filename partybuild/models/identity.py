"""The 公民身份号码 and 手机号码 of a person, encrypted at rest with a blind index
(docs/domain.md §2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.core.crypto import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedTextField,
    blind_index,
)
from partybuild.core.validators import (
    normalise_id_number,
    normalise_phone,
    validate_id_number_agrees,
    validate_mobile,
)


class IdNumberMixin(models.Model):
    """Adds an encrypted ID number, read and written only through :attr:`id_number`.

    ``id_number_index`` is an HMAC of the normalised number: exact lookups use
    :meth:`id_number_lookup`, and it makes the number unique among non-empty values.
    """

    id_number_stored = EncryptedTextField(_("公民身份号码"), blank=True, db_column="id_number")
    id_number_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    @property
    def id_number(self) -> str:
        """The 公民身份号码 in plain text (upper-case X)."""
        return self.id_number_stored or ""

    @id_number.setter
    def id_number(self, value: str) -> None:
        normalised = normalise_id_number(value)
        self.id_number_stored = normalised
        self.id_number_index = blind_index(normalised)

    @staticmethod
    def id_number_lookup(value: str) -> Q:
        """A filter matching the person with this ID number."""
        return Q(id_number_index=blind_index(normalise_id_number(value)))

    def id_number_errors(self, *, birth_date, gender) -> dict[str, ValidationError]:
        """Errors of the ID number and its agreement with birth date and sex, keyed by field."""
        if not self.id_number:
            return {}
        errors = validate_id_number_agrees(
            id_number=self.id_number, birth_date=birth_date, gender=gender or None
        )
        if "id_number" in errors:
            errors["id_number_stored"] = errors.pop("id_number")
        return errors

    def validate_id_number_unique(self) -> dict[str, ValidationError]:
        """The ID number must not belong to another row of the same model."""
        if not self.id_number_index:
            return {}
        clash = type(self)._default_manager.filter(id_number_index=self.id_number_index)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if clash.exists():
            return {
                "id_number_stored": ValidationError(
                    _("该公民身份号码已被登记。"), code="id_number_duplicate"
                )
            }
        return {}


def id_number_unique_constraint(name: str) -> models.UniqueConstraint:
    """Uniqueness of non-empty ID numbers, through their blind index."""
    return models.UniqueConstraint(
        fields=["id_number_index"], condition=~Q(id_number_index=""), name=name
    )


def phone_field() -> EncryptedCharField:
    """手机号码 of a person, encrypted at rest; pair it with :func:`phone_index_field`."""
    return EncryptedCharField(
        _("手机号码"), max_length=11, blank=True, validators=[validate_mobile]
    )


def phone_index_field() -> BlindIndexField:
    """``phone_index``: the blind index of ``phone``, for :func:`phone_lookup`."""
    return BlindIndexField(source="phone", normalise=normalise_phone)


def phone_lookup(value: str) -> Q:
    """A filter matching the people whose 手机号码 is exactly ``value`` (spaces and hyphens
    ignored); an encrypted phone number cannot be searched by a fragment."""
    normalised = normalise_phone(value)
    return Q(phone_index=blind_index(normalised)) if normalised else Q(pk__in=[])
