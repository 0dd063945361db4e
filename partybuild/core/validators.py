"""Validation of personal identifiers (docs/domain.md §2).

Every form, import, service and API call validates ID numbers and mobile numbers here,
so that the rule is stated once.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# docs/domain.md §2: GB 11643-1999 check character, ISO 7064 MOD 11-2.
ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"
_ID_NUMBER_SHAPE = re.compile(r"^\d{17}[\dX]$")
# docs/domain.md §2: mobile numbers are 11 digits starting with 1.
_MOBILE_SHAPE = re.compile(r"^1\d{10}$")
# Landline (e.g. 010-88887777, 0744-3221234, optional extension) for organisation contacts.
_LANDLINE_SHAPE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


@dataclass(frozen=True)
class IdNumberFacts:
    """What an 18-digit ID number states about its holder."""

    number: str
    birth_date: datetime.date
    gender: str  # "male" or "female", the values of partybuild.models.Gender


def id_number_check_character(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, ID_NUMBER_WEIGHTS, strict=True)
    )
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: str) -> str:
    """Strip spaces and upper-case the check character (a lower-case x is accepted)."""
    return (value or "").strip().replace(" ", "").upper()


def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdNumberFacts:
    """Validate an ID number and return its normalised form, birth date and sex.

    Raises ValidationError with code ``id_number_format``, ``id_number_checksum``,
    ``id_number_birth_date`` (not a real date, or before 1900) or ``id_number_birth_date_future``
    (after ``today``, by default today in the site's time zone).
    """
    number = normalise_id_number(value)
    if not _ID_NUMBER_SHAPE.match(number):
        raise ValidationError(
            _("公民身份号码应为18位：前17位为数字，最后一位为数字或X。"), code="id_number_format"
        )
    if id_number_check_character(number[:17]) != number[17]:
        raise ValidationError(_("公民身份号码校验位不正确。"), code="id_number_checksum")
    try:
        birth_date = datetime.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        raise ValidationError(
            _("公民身份号码中的出生日期不是有效日期。"), code="id_number_birth_date"
        ) from None
    if birth_date.year < 1900:
        raise ValidationError(
            _("公民身份号码中的出生日期不是有效日期。"), code="id_number_birth_date"
        )
    # docs/domain.md §2: the birth date in the number must not lie in the future.
    if birth_date > (today or timezone.localdate()):
        raise ValidationError(
            _("公民身份号码中的出生日期（%(date)s）晚于今天。"),
            code="id_number_birth_date_future",
            params={"date": birth_date.isoformat()},
        )
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumberFacts(number=number, birth_date=birth_date, gender=gender)


def validate_id_number(value: str) -> None:
    """Django validator wrapper around :func:`parse_id_number`."""
    parse_id_number(value)


def validate_id_number_agrees(
    *, id_number: str, birth_date: datetime.date | None, gender: str | None
) -> dict[str, ValidationError]:
    """Per-field errors where a separately given birth date or sex contradicts the ID number."""
    errors: dict[str, ValidationError] = {}
    try:
        facts = parse_id_number(id_number)
    except ValidationError as error:
        return {"id_number": error}
    if birth_date and birth_date != facts.birth_date:
        errors["birth_date"] = ValidationError(
            _("出生日期与公民身份号码不一致（号码中为%(date)s）。"),
            code="birth_date_mismatch",
            params={"date": facts.birth_date.isoformat()},
        )
    if gender and gender != facts.gender:
        errors["gender"] = ValidationError(_("性别与公民身份号码不一致。"), code="gender_mismatch")
    return errors


def validate_mobile(value: str) -> None:
    """Mobile phone numbers: 11 digits starting with 1 (docs/domain.md §2)."""
    if not _MOBILE_SHAPE.match((value or "").strip()):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="mobile_format")


def normalise_phone(value: str) -> str:
    """A phone number as it is indexed and searched: without spaces and hyphens."""
    return re.sub(r"[\s-]", "", value or "")


def validate_contact_phone(value: str) -> None:
    """Contact numbers of an organisation: a mobile number or a landline such as 010-88887777."""
    value = (value or "").strip()
    if not (_MOBILE_SHAPE.match(value) or _LANDLINE_SHAPE.match(value)):
        raise ValidationError(
            _("联系方式应为11位手机号码或带区号的固定电话（如010-88887777）。"),
            code="phone_format",
        )
