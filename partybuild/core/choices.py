"""Labels of choice fields, translated once per field and language.

Django's ``get_FOO_display`` rebuilds a dict of the field's choices on every call, hashing each
lazy label, which translates it: a list of 20 members with three choice fields made some 600
translations, 13 ms of a 30 ms app API request (bench/RESULTS.md). The labels of a field do not
change while the process runs, so they are looked up in a dict built once per language.
"""

from functools import cache

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@cache
def _labels(field: models.Field, language: str | None) -> dict:
    # ``language`` is only part of the key: the labels are translated into the active one.
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


def choice_label(field: models.Field, value):
    """The label of ``value`` among ``field``'s choices in the active language (``value`` itself
    when it is not one of them, as Django's ``get_FOO_display`` does)."""
    return _labels(field, get_language()).get(make_hashable(value), value)


class ChoiceLabelsMixin(models.Model):
    """A model whose ``get_FOO_display()`` answers from :func:`choice_label`."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))
