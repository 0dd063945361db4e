"""ID number, mobile and masking rules of docs/domain.md §2, with hand-computed cases."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partybuild.core.privacy import mask_identifier
from partybuild.core.validators import (
    id_number_check_character,
    parse_id_number,
    validate_contact_phone,
    validate_id_number_agrees,
    validate_mobile,
)

# 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
FEMALE_1949 = "11010519491231002X"
# Same with 17th digit 3: 167 − 2·2 + 3·2 = 169; 169 mod 11 = 4 → 8
MALE_1949 = "110105194912310038"
# Birth date 1949-02-30: products sum to 155; 155 mod 11 = 1 → 0 (valid checksum, impossible date)
IMPOSSIBLE_DATE = "110105194902300020"


def test_check_character_matches_hand_computation():
    assert id_number_check_character(FEMALE_1949[:17]) == "X"
    assert id_number_check_character(MALE_1949[:17]) == "8"


def test_valid_number_gives_birth_date_and_sex():
    facts = parse_id_number(FEMALE_1949)
    assert facts.birth_date == datetime.date(1949, 12, 31)
    assert facts.gender == "female"
    assert parse_id_number(MALE_1949).gender == "male"


def test_lower_case_x_is_accepted_and_stored_upper_case():
    assert parse_id_number(" 11010519491231002x ").number == FEMALE_1949


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_number_checksum"),
        ("11010519491231002", "id_number_format"),
        ("1101051949123100211", "id_number_format"),
        ("11010519491231002Y", "id_number_format"),
        (IMPOSSIBLE_DATE, "id_number_birth_date"),
        ("", "id_number_format"),
    ],
)
def test_invalid_numbers_are_refused_with_a_code(value, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_id_number(value)
    assert excinfo.value.code == code
    assert "公民身份号码" in excinfo.value.messages[0]


def test_birth_date_and_sex_must_agree_with_the_number():
    assert (
        validate_id_number_agrees(
            id_number=FEMALE_1949, birth_date=datetime.date(1949, 12, 31), gender="female"
        )
        == {}
    )
    errors = validate_id_number_agrees(
        id_number=FEMALE_1949, birth_date=datetime.date(1950, 1, 1), gender="male"
    )
    assert set(errors) == {"birth_date", "gender"}
    assert "1949-12-31" in errors["birth_date"].messages[0]


@pytest.mark.parametrize("value", ["13812341234", "19900001111"])
def test_valid_mobiles(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["1381234123", "23812341234", "138123412345", "138-1234-1234"])
def test_invalid_mobiles(value):
    with pytest.raises(ValidationError, match="手机号码"):
        validate_mobile(value)


@pytest.mark.parametrize("value", ["010-88887777", "0744-3221234", "18143246888", "01088887777"])
def test_organisation_contact_accepts_mobile_or_landline(value):
    validate_contact_phone(value)


@pytest.mark.parametrize("value", ["88887777", "call me", "12-34"])
def test_organisation_contact_refuses_other_text(value):
    with pytest.raises(ValidationError):
        validate_contact_phone(value)


def test_masking_hides_birth_date_and_middle_digits():
    assert mask_identifier(FEMALE_1949, kind="id_number") == "110***********002X"
    assert "1949" not in mask_identifier(FEMALE_1949, kind="id_number")
    assert mask_identifier("13812341234", kind="mobile") == "138****1234"
    assert mask_identifier("", kind="mobile") == ""
    assert mask_identifier("1234567", kind="mobile") == "*******"
