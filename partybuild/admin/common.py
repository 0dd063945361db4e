"""Pieces the registers' admin pages share: the media of the forms a page renders, listings whose
rows open the row's own page, calendar dates in list columns, blank values on inspect pages,
xlsx downloads, and menu items shown to the holders of a permission.
"""

import datetime

from django import forms
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn

from partybuild.admin.choosers import organisation_chooser_use
from partybuild.selectors.organisations import (
    organisation_parent_name_annotate,
    organisation_scope_for_user,
)
from partybuild.selectors.roles import user_administers
from partybuild.services.exports import XLSX_CONTENT_TYPE
from partybuild.services.security_events import security_event_record

EMPTY_DISPLAY = "—"


def _forms_media(value) -> forms.Media | None:
    """The media of a form, a formset, or a dict/list/tuple of them; None for anything else."""
    if isinstance(value, (forms.BaseForm, BaseFormSet)):
        return value.media
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        media = [_forms_media(item) for item in value]
        media = [item for item in media if item is not None]
        if media:
            return sum(media, forms.Media())
    return None


class IdNumberErrorsMixin:
    """For a model form over an ``IdNumberMixin`` model (accounts, dossiers): model validation
    reports ID number errors (e.g. a duplicate) on the encrypted storage column, and the form
    shows them on its ``id_number`` field."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "id_number_stored" in errors.error_dict:
            errors.error_dict.setdefault("id_number", []).extend(
                errors.error_dict.pop("id_number_stored")
            )
        super()._update_errors(errors)


class FormMediaMixin:
    """Puts the media of every form a page renders (``form``, a dict such as ``forms``, a list of
    formsets …) into its context as ``media``, which the admin templates output in their
    ``extra_js``/``extra_css`` blocks: ``wagtailadmin/generic/form.html`` does, and so does
    ``partybuild/admin_page.html`` for our own page templates. Without it Wagtail's date
    pickers (``initDateChooser is not defined``) and rich text editors do not work.

    Done when the response is rendered, so forms added by a subclass's ``get_context_data``
    count too."""

    def render_to_response(self, context, **response_kwargs):
        media = [context["media"]] if isinstance(context.get("media"), forms.Media) else []
        for key, value in context.items():
            if key != "media" and (found := _forms_media(value)) is not None:
                media.append(found)
        context["media"] = sum(media, forms.Media())
        return super().render_to_response(context, **response_kwargs)


class LinkedRowsIndexMixin:
    """For an IndexView: each row's first cell links to the row's page — the edit URL, else the
    inspect URL (a viewset passes its detail page as ``inspect_url_name``) — also when the first
    entry of ``list_display`` is a Column rather than a field name."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        first = columns[0] if columns else None
        if first is not None and not isinstance(first, TitleColumn):
            title_column_class = self._get_title_column_class(TitleColumn)
            columns[0] = title_column_class(
                first.name,
                label=first.label,
                accessor=first.accessor,
                sort_key=first.sort_key,
                classname=first.classname,
                width=first.width,
                get_url=self._row_url,
            )
        return columns

    def _row_url(self, instance):
        return self.get_edit_url(instance) or self.get_inspect_url(instance)


def calendar_date(value) -> str:
    """2026-12-31 for a date, 2026-12-31 09:30 (local time) for a date-time, "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


class CalendarDateColumn(Column):
    """A date as a date (2026-12-31), not Wagtail's relative "刚刚 / 3天之前" of DateColumn,
    which reads 「刚刚」 for every date in the future (deadlines, meeting times)."""

    def get_value(self, instance):
        return calendar_date(super().get_value(instance))


class BlankValuesInspectMixin:
    """For an InspectView: empty values show as 「—」, not "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return EMPTY_DISPLAY if value is None or value == "" else value


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An xlsx workbook (``content``) downloaded as ``filename``."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def xlsx_export_response(
    request: HttpRequest, content: bytes, filename: str, *, rows: int | None = None
) -> HttpResponse:
    """An export of register data (``content``, ``rows`` data rows when known) downloaded as
    ``filename``, recorded as an ``export`` security event; no cache keeps it."""
    security_event_record(
        event="export",
        actor=request.user,
        request=request,
        detail={"file": filename, "rows": rows, "path": request.path},
    )
    response = xlsx_response(content, filename)
    response["Cache-Control"] = "no-store"
    return response


class ScopedOrganisationFieldMixin:
    """A form's ``organisation`` limited to the user's scope and picked through the organisation
    chooser (partybuild/admin/choosers.py): the page renders no option per organisation, and a
    posted organisation outside the scope is refused."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisation_parent_name_annotate(organisation_scope_for_user(user=user))
        organisation_chooser_use(field)


class PermissionMenuItem(MenuItem):
    """A register's entry in the admin menu, shown to the administrators holding
    ``permission`` (an app-label.codename) somewhere in their scope."""

    def __init__(self, label, url, *, permission: str, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return user_administers(request.user, self.permission)
