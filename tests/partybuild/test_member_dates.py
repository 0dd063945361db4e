"""Dates of a member's dossier that cannot be true (docs/domain.md §2/§3), at every boundary,
computed by hand: today is fixed at 2026-06-15 (Asia/Shanghai)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partybuild.core.dates import probation_end_date, probation_end_dates
from partybuild.core.validators import id_number_check_character, parse_id_number
from partybuild.demo import data as demo_data
from partybuild.demo import members as demo_members
from partybuild.models import Member

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every rule reads today through ``timezone.localdate``: fix it at TODAY."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def id_number(birth: datetime.date, sequence: int = 1) -> str:
    """A valid male ID number of 慈利县 born on ``birth``."""
    first17 = f"430821{birth:%Y%m%d}{sequence % 100:02d}1"
    return first17 + id_number_check_character(first17)


def member(tree, **fields) -> Member:
    fields.setdefault("birth_date", D(1980, 5, 6))
    fields.setdefault("category", "full")
    fields.setdefault("joined_on", D(2005, 7, 1))
    fields.setdefault("confirmed_on", D(2006, 7, 1))
    number = fields.pop("id_number", None)
    result = Member(name="张三", gender="male", organisation=tree["first"], **fields)
    if number:
        result.id_number = number
    return result


def codes(candidate: Member) -> dict[str, list[str]]:
    """The refusal codes of ``full_clean``, by field ({} when valid)."""
    try:
        candidate.full_clean()
    except ValidationError as error:
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return {}


# --- the probation's end, pure ------------------------------------------------------------------


def test_probation_end_date_by_hand():
    assert probation_end_date(D(1972, 8, 6)) == D(1973, 8, 6)  # the seed's 黄主才
    assert probation_end_date(D(1972, 8, 6), 6) == D(1974, 2, 6)
    assert probation_end_date(D(1972, 8, 6), 12) == D(1974, 8, 6)
    assert probation_end_date(D(2024, 2, 29)) == D(2025, 2, 28)
    assert probation_end_date(D(2025, 8, 31), 6) == D(2027, 2, 28)
    for months in (5, 13, -1):
        with pytest.raises(ValueError, match="6 to 12"):
            probation_end_date(D(1972, 8, 6), months)
    ends = probation_end_dates(D(1972, 8, 6))
    assert ends[0] == D(1973, 8, 6) and ends[1] == D(1974, 2, 6) and ends[-1] == D(1974, 8, 6)
    assert len(ends) == 8  # unextended, and extended by 6, 7, … 12 months


# --- ID number and birth date: today, not tomorrow ---------------------------------------------


def test_id_number_born_today_is_accepted_tomorrow_refused():
    assert parse_id_number(id_number(D(2026, 6, 15))).birth_date == TODAY
    with pytest.raises(ValidationError) as refused:
        parse_id_number(id_number(D(2026, 6, 16)))
    assert refused.value.code == "id_number_birth_date_future"
    assert "2026-06-16" in refused.value.messages[0] and "公民身份号码" in refused.value.messages[0]
    # An explicit day overrides today.
    assert parse_id_number(id_number(D(2026, 6, 16)), today=D(2026, 6, 16)).birth_date


def test_id_number_in_the_future_is_refused_on_the_dossier(tree):
    tomorrow = D(2026, 6, 16)
    candidate = member(
        tree, birth_date=None, id_number=id_number(tomorrow), joined_on=None, confirmed_on=None
    )
    assert codes(candidate) == {"id_number_stored": ["id_number_birth_date_future"]}


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (D(2026, 6, 14), {}),
        (D(2026, 6, 15), {}),
        (D(2026, 6, 16), {"birth_date": ["birth_date_future"]}),
    ],
)
def test_birth_date_up_to_today(tree, birth, expected):
    candidate = member(
        tree, birth_date=birth, category="probationary", joined_on=None, confirmed_on=None
    )
    assert codes(candidate) == expected


# --- 入党日期: not in the future, and 18 on the day ---------------------------------------------


@pytest.mark.parametrize(
    ("joined", "expected"),
    [(D(2026, 6, 15), {}), (D(2026, 6, 16), {"joined_on": ["joined_in_future"]})],
)
def test_joined_on_up_to_today(tree, joined, expected):
    assert codes(member(tree, category="probationary", joined_on=joined, confirmed_on=None)) == (
        expected
    )


@pytest.mark.parametrize(
    ("birth", "joined", "expected"),
    [
        # Born 2000-03-10: 18 from 2018-03-10.
        (D(2000, 3, 10), D(2018, 3, 9), {"joined_on": ["joined_under_18"]}),
        (D(2000, 3, 10), D(2018, 3, 10), {}),
        (D(2000, 3, 10), D(2018, 3, 11), {}),
        # Born 29 February 2000: 18 from 28 February 2018 (a common year).
        (D(2000, 2, 29), D(2018, 2, 27), {"joined_on": ["joined_under_18"]}),
        (D(2000, 2, 29), D(2018, 2, 28), {}),
        # Admitted before being born at all.
        (D(2000, 3, 10), D(1999, 7, 1), {"joined_on": ["joined_under_18"]}),
    ],
)
def test_a_member_is_18_on_the_day_of_joining(tree, birth, joined, expected):
    candidate = member(tree, birth_date=birth, joined_on=joined, confirmed_on=None)
    assert codes(candidate) == expected


def test_the_age_is_taken_from_the_id_number_when_no_birth_date_is_given(tree):
    number = id_number(D(2000, 3, 10))
    too_young = member(
        tree, birth_date=None, id_number=number, joined_on=D(2018, 3, 9), confirmed_on=None
    )
    assert codes(too_young) == {"joined_on": ["joined_under_18"]}
    too_young.joined_on = D(2018, 3, 10)
    assert codes(too_young) == {}


# --- 转正日期: the end of the probation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("confirmed", "valid"),
    [
        (D(1972, 8, 7), False),  # a day after admission: accepted before issue 16
        (D(1973, 8, 4), False),
        (D(1973, 8, 5), True),  # the day before the end: the year counted inclusively
        (D(1973, 8, 6), True),  # 入党日期 + 1 year
        (D(1973, 8, 7), False),
        (D(1974, 1, 6), False),  # + 17 months: an extension is at least 6 months
        (D(1974, 2, 5), True),
        (D(1974, 2, 6), True),  # + 1 year 6 months
        (D(1974, 2, 7), False),
        (D(1974, 3, 6), True),  # + 1 year 7 months
        (D(1974, 8, 6), True),  # + 2 years, the longest extension
        (D(1974, 8, 7), False),
        (D(1974, 9, 6), False),  # + 25 months
    ],
)
def test_confirmed_on_is_the_end_of_the_probation(tree, confirmed, valid):
    candidate = member(
        tree, birth_date=D(1948, 3, 12), joined_on=D(1972, 8, 6), confirmed_on=confirmed
    )
    assert codes(candidate) == ({} if valid else {"confirmed_on": ["confirmed_not_probation_end"]})


def test_the_refusal_names_the_end_of_the_probation(tree):
    candidate = member(
        tree, birth_date=D(1948, 3, 12), joined_on=D(1972, 8, 6), confirmed_on=D(1972, 8, 7)
    )
    with pytest.raises(ValidationError) as refused:
        candidate.full_clean()
    message = refused.value.message_dict["confirmed_on"][0]
    assert "1973-08-06" in message and "1974-02-06" in message and "1974-08-06" in message


@pytest.mark.parametrize(
    ("joined", "confirmed", "expected"),
    [
        # Admitted 2025-06-15: the probation ends today.
        (D(2025, 6, 15), D(2026, 6, 15), {}),
        (D(2025, 6, 15), None, {}),
        # Admitted 2025-06-16: it ends tomorrow; today is its last day counted inclusively.
        (D(2025, 6, 16), D(2026, 6, 15), {}),
        (D(2025, 6, 16), D(2026, 6, 16), {"confirmed_on": ["confirmed_in_future"]}),
        # Admitted 2025-06-17: a 正式党员 at the earliest from 2026-06-16.
        (D(2025, 6, 17), None, {"category": ["full_before_probation_end"]}),
    ],
)
def test_a_full_member_has_completed_the_probation(tree, joined, confirmed, expected):
    assert codes(member(tree, joined_on=joined, confirmed_on=confirmed)) == expected


def test_a_probationary_member_of_five_months_stays_probationary(tree):
    candidate = member(tree, category="probationary", joined_on=D(2026, 1, 15), confirmed_on=None)
    assert codes(candidate) == {}


# --- the seed ------------------------------------------------------------------------------------


def test_the_seeds_members_pass(tree):
    for sequence, row in enumerate(demo_data.DEMO_MEMBERS, start=1):
        details = demo_members.seed_member_fields(row["name"], sequence)
        number = details.pop("id_number")
        candidate = Member(
            organisation=tree["first"], gender="male", category="full", **row, **details
        )
        candidate.id_number = number
        assert codes(candidate) == {}, row["name"]
