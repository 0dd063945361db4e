"""The admin under the platform's own name and face (issue 19, item 2): tab titles
"<page> - 智慧党建", the sign-in page's heading, our emblem (favicon at /favicon.ico, linked from
the portal and the admin), no link to Wagtail's guides, no version footer, no avatar fetched from
outside."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _sidebar(html: str) -> str:
    return re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    ).group(1)


def test_the_admin_login_page_is_ours(client):
    html = client.get("/admin/login/").content.decode()
    assert _title(html) == "登录 - 智慧党建"
    assert re.search(r"<h1>\s*登录智慧党建\s*</h1>", html)
    assert 'aria-label="智慧党建"' in html  # the emblem under the form
    assert "Wagtail" not in html.replace("wagtail", "")  # static paths say "wagtailadmin"
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*密码', html)


def test_every_admin_tab_title_names_the_platform(admin_client):
    for address in ("/admin/", "/admin/pages/", "/admin/account/", "/admin/organisations/"):
        html = admin_client.get(address).content.decode()
        title = _title(html)
        assert title.endswith(" - 智慧党建"), (address, title)
        assert "Wagtail" not in title


def test_the_admin_404_is_ours(admin_client):
    response = admin_client.get("/admin/no-such-address/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _title(html).endswith(" - 智慧党建")
    assert "返回管理后台" in html


def test_the_sidebar_shows_our_emblem_and_no_wagtail_guide_or_version(admin_client):
    html = admin_client.get("/admin/").content.decode()
    branding = re.search(
        r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S
    ).group(1)
    assert "#c8102e" in branding  # our emblem, not Wagtail's bird
    sidebar = _sidebar(html)
    assert "guide.wagtail.org" not in sidebar
    assert '"editor-guide"' not in sidebar
    assert "Wagtail v" not in sidebar
    labels = re.findall(r'"label": "((?:[^"\\]|\\.)*)"', sidebar)
    assert json.loads('"快捷键"') in [json.loads(f'"{label}"') for label in labels]
    assert "guide.wagtail.org" not in html  # the dashboard's account summary either
    assert "editor guide" not in html.lower()


def test_avatars_are_drawn_locally(admin_client, superuser):
    """No picture from elsewhere: an account without an uploaded one shows the first
    character of its name; any picture shown comes from our own files."""
    superuser.email = "root@example.com"
    superuser.save()
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert re.search(r'<span class="pb-initials"[^>]*data-initials>超</span>', html)
    users = admin_client.get("/admin/users/").content.decode()
    assert re.search(r"data-initials>超</span>", users)
    sources = re.findall(r'<img src="([^"]+)"', html + users)
    assert all(source.startswith(("/static/", "/media/", "data:")) for source in sources)


def test_the_favicon_is_served_at_its_usual_address_and_linked(admin_client):
    client = Client()  # anonymous (``admin_client`` is pytest-django's ``client``, signed in)
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert response.content == icon.read()
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/static/favicon.ico">' in client.get("/login/").content.decode()
    for html in (
        client.get("/admin/login/").content.decode(),
        admin_client.get("/admin/").content.decode(),
    ):
        assert '<link rel="icon" href="/static/favicon.ico">' in html
        assert "wagtailadmin/images/favicon.ico" not in html


def test_an_editor_signs_in_to_a_chinese_dashboard(client, make_admin, tree):
    make_admin("branch_admin", tree["first"])
    assert client.login(username="branch_admin", password=PASSWORD)
    html = client.get("/admin/").content.decode()
    assert _title(html).endswith(" - 智慧党建")
    assert "Search all pages" not in html
    assert "Your pages and snippets in a workflow" not in html
