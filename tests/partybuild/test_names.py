"""Name keys: pinyin initials for search, 姓氏笔画 (surname stroke count) for roster order."""

import datetime

import pytest

from partybuild.core.names import (
    UNKNOWN_STROKES,
    name_initials,
    name_sort_key,
    surname_stroke_count,
)
from partybuild.core.validators import id_number_check_character
from partybuild.models import Member


@pytest.mark.parametrize(
    ("character", "strokes"),
    [
        # Counted by hand, stroke by stroke, in the mainland (simplified) forms.
        ("一", 1),
        ("丁", 2),
        ("王", 4),
        ("李", 7),
        ("张", 7),
        ("陈", 7),
        ("刘", 6),
        ("范", 8),  # 艹 is 3 strokes in the simplified form (9 in the traditional one)
        ("黄", 11),
        ("曹", 11),
        ("赖", 13),
        ("滕", 15),
        ("魏", 17),
    ],
)
def test_surname_stroke_counts(character, strokes):
    assert surname_stroke_count(character) == strokes


def test_only_the_first_character_counts():
    assert surname_stroke_count("欧阳") == surname_stroke_count("欧") == 8


@pytest.mark.parametrize("value", ["", "A", "7", "·"])
def test_characters_without_a_count_sort_last(value):
    assert surname_stroke_count(value) == UNKNOWN_STROKES


def test_roster_sorts_by_surname_strokes_then_pinyin():
    names = ["黄主才", "李四", "王凤吉", "魏宇斌", "曹翼纳", "张三", "Alice", "丁一"]
    assert sorted(names, key=name_sort_key) == [
        "丁一",  # 2
        "王凤吉",  # 4
        "李四",  # 7, li
        "张三",  # 7, zhang
        "曹翼纳",  # 11, cao
        "黄主才",  # 11, huang
        "魏宇斌",  # 17
        "Alice",  # no stroke count: last
    ]


def test_sort_key_is_zero_padded_for_string_order():
    assert name_sort_key("王五").startswith("004 ")
    assert name_sort_key("魏四").startswith("017 ")
    assert name_sort_key("王五") < name_sort_key("李四") < name_sort_key("黄主才")


@pytest.mark.parametrize(
    ("name", "initials"),
    [("黄主才", "hzc"), ("王凤吉", "wfj"), ("欧阳修", "oyx"), ("Alice", "a"), ("", "")],
)
def test_name_initials(name, initials):
    assert name_initials(name) == initials


@pytest.mark.django_db
def test_members_are_ordered_by_organisation_then_surname_strokes(tree):
    def add(name: str, organisation, sequence: int) -> None:
        first17 = f"43082119700101{sequence:02d}1"
        member = Member(
            name=name,
            gender="male",
            birth_date=datetime.date(1970, 1, 1),
            organisation=organisation,
        )
        member.id_number = first17 + id_number_check_character(first17)
        member.save()

    add("黄主才", tree["first"], 1)
    add("李四", tree["first"], 2)
    add("王五", tree["first"], 3)
    add("丁零", tree["third"], 4)
    assert list(Member.objects.values_list("name", flat=True)) == ["王五", "李四", "黄主才", "丁零"]
    member = Member.objects.get(name="黄主才")
    assert member.name_initials == "hzc"
    assert member.name_sort_key == name_sort_key("黄主才")
