"""Choice labels read from a dict built once per field and language (partybuild/core/choices.py):
the same labels as Django's ``get_FOO_display``, in the language active when they are asked for."""

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy

from partybuild.core.choices import choice_label
from partybuild.models import Member, Message, Organisation


def test_labels_are_djangos_labels():
    member = Member(gender="male", category=Member._meta.get_field("category").choices[0][0])
    for name in ("gender", "category", "standing"):
        field = Member._meta.get_field(name)
        for value, label in field.flatchoices:
            setattr(member, field.attname, value)
            assert getattr(member, f"get_{name}_display")() == str(label)


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Member(gender="unknown").get_gender_display() == "unknown"
    assert Organisation(org_type="nonsense").get_org_type_display() == "nonsense"
    assert Message(kind="").get_kind_display() == ""


def test_labels_follow_the_active_language():
    field = models.CharField(choices=[("y", gettext_lazy("Yes"))])
    with translation.override("en"):
        assert choice_label(field, "y") == "Yes"
    with translation.override("zh-hans"):
        assert choice_label(field, "y") == "是"
    with translation.override("en"):
        assert choice_label(field, "y") == "Yes"


@pytest.mark.parametrize("value", [None, 3])
def test_values_of_other_types_are_returned_unchanged(value):
    field = models.IntegerField(choices=[(1, "一"), (2, "二")])
    assert choice_label(field, value) == value
    assert choice_label(field, 2) == "二"
