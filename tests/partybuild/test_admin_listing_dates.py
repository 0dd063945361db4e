"""Lists finished (issue 19): every register list sorts by its date columns, and dates show as
dates (2026-12-02 09:30), not Wagtail's 「3 天前」."""

import re

import pytest
from django.urls import reverse
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from partybuild.admin.common import CalendarDateColumn
from partybuild.models import ChangeRequestStatus, MemberChangeRequest

pytestmark = pytest.mark.django_db

DATE_NAME = re.compile(r"(_at|_on|_date|^date|deadline)$")


def _register_viewsets() -> list[ModelViewSet]:
    found: list[ModelViewSet] = []

    def walk(viewset):
        if isinstance(viewset, ViewSetGroup):
            for item in viewset.viewsets:
                walk(item)
        elif isinstance(viewset, ModelViewSet) and not isinstance(viewset, SnippetViewSet):
            found.append(viewset)

    for viewset in viewsets.viewsets:
        walk(viewset)
    return [v for v in found if not v.model._meta.app_label.startswith("wagtail")]


def test_every_register_list_sorts_by_its_dates(admin_client):
    admin_client.get(reverse("wagtailadmin_home"))  # the admin's URLs, and so its viewsets
    checked = []
    for viewset in _register_viewsets():
        index = reverse(viewset.get_url_name("index"))
        response = admin_client.get(index)
        assert response.status_code == 200, index
        for column in response.context["table"].columns.values():
            dated = isinstance(column, DateColumn | CalendarDateColumn) or DATE_NAME.search(
                column.name
            )
            if not dated:
                continue
            assert column.sort_key, f"{viewset.name}: 「{column.label}」 cannot be sorted"
            for ordering in (column.sort_key, f"-{column.sort_key}"):
                sorted_page = admin_client.get(index, {"ordering": ordering})
                assert sorted_page.status_code == 200
                assert sorted_page.context["table"].ordering == ordering
            checked.append(f"{viewset.name}.{column.name}")
    assert {"change_requests.requested_at", "transfers.started_at", "meetings.starts_at"} <= set(
        checked
    )


def test_listed_times_are_absolute(admin_client, superuser, member_factory):
    member = member_factory("一支部")
    MemberChangeRequest.objects.create(
        member=member,
        changes={"education": "bachelor"},
        status=ChangeRequestStatus.PENDING,
        requested_by=superuser,
    )
    page = admin_client.get(reverse("change_requests:index")).content.decode()
    cell = re.search(r'<time class="w-human-readable-date__date"[^>]*>([^<]*)</time>', page)
    assert cell and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", cell.group(1).strip())
    assert "之前" not in page and "刚刚" not in cell.group(1)
