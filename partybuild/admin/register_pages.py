"""Pages of the small registers written as plain admin views (流动党员, 党内关怀): a listing a
page at a time with its filters, actions and Excel export of the whole selection, and a form page
whose valid data goes to a service (a refusal shows on the form).

Each view checks its permission itself (``require_administrator``) and reads through its app's
scoped selectors; these helpers only render."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from partybuild.admin.common import xlsx_export_response
from partybuild.core.errors import add_service_errors

#: Rows per page of a listing.
PER_PAGE = 50

#: A table cell: its text, or (text, url) for a link.
Cell = Any


def _cell(value: Cell) -> tuple[str, str | None]:
    return value if isinstance(value, tuple) else (value, None)


def register_list_response(
    request: HttpRequest,
    *,
    items,
    headings: Sequence[str],
    row: Callable[[Any], list[Cell]],
    export: Callable[[Iterable[Any]], bytes],
    filename: str,
    header_title: str,
    tabs: Sequence[tuple[str, str, bool]] = (),
    filter_fields: Sequence[Any] = (),
    actions: Sequence[tuple[str, str]] = (),
    intro: str = "",
    empty_message: str = "",
    header_icon: str = "group",
) -> HttpResponse:
    """The listing of ``items`` (a queryset or a list) a page at a time, each row's cells from
    ``row``; with ``?format=xlsx`` the whole selection as ``export`` writes it."""
    if request.GET.get("format") == "xlsx":
        rows = len(items) if isinstance(items, list) else None
        return xlsx_export_response(request, export(items), filename, rows=rows)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("format", None)
    return TemplateResponse(
        request,
        "partybuild/register_list.html",
        {
            "header_title": header_title,
            "header_icon": header_icon,
            "tabs": tabs,
            "filter_fields": filter_fields,
            "actions": actions,
            "intro": intro,
            "headings": headings,
            "rows": [[_cell(value) for value in row(item)] for item in page],
            "page": page,
            "query": query.urlencode(),
            "empty_message": empty_message,
        },
    )


def register_form_response(
    request: HttpRequest,
    *,
    form,
    run: Callable[[dict], str],
    header_title: str,
    submit_label: str,
    tabs: Sequence[tuple[str, str, bool]] = (),
    intro: str = "",
    header_icon: str = "group",
    template: str = "partybuild/register_form.html",
    context: dict | None = None,
) -> HttpResponse:
    """A form page: a valid POST calls ``run(cleaned_data)``, which returns the URL to go to; a
    service's ValidationError shows on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(run(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "media": form.media,
            "header_title": header_title,
            "header_icon": header_icon,
            "submit_label": submit_label,
            "tabs": tabs,
            "intro": intro,
            **(context or {}),
        },
    )


def register_service_form_response(
    request: HttpRequest,
    *,
    form,
    service: Callable[[dict], Any],
    done_message: str | Callable[[Any], str],
    done_url: str | Callable[[Any], str],
    **page: Any,
) -> HttpResponse:
    """``register_form_response`` for a form whose valid data goes to ``service(cleaned_data)``:
    once it ran, ``done_message`` shows and the page goes to ``done_url``, each a text or a
    function of what the service returned. ``page`` is the rest of the form page (title, submit
    label, tabs …)."""

    def run(data: dict) -> str:
        result = service(data)
        messages.success(request, done_message(result) if callable(done_message) else done_message)
        return done_url(result) if callable(done_url) else done_url

    return register_form_response(request, form=form, run=run, **page)
