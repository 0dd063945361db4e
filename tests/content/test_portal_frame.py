"""One member portal (issue 15, item 6): every portal page is framed by templates/base.html,
styled by static/css/portal.css alone and scripted by static/js/portal.js alone; no template
carries an inline event handler, and no portal template a <style> element or style= attribute."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from content.models import IntegrityIndexPage, IntegrityPage
from tests.portal_pages import portal_pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("portal_pages")

TEMPLATES = Path(settings.BASE_DIR) / "templates"
#: The portal's templates; the rest of templates/ belongs to the Wagtail admin.
PORTAL_PARTS = ("base.html", "404.html", "500.html", "registration", "content", "partybuild/portal")
ADMIN_PARTS = ("content/admin", "content/receipts")
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"\s*%}')
STYLESHEET = '<link rel="stylesheet" href="/static/css/portal.css">'
SCRIPT = '<script src="/static/js/portal.js" defer></script>'


def template_name(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


def is_portal(name: str) -> bool:
    inside = any(name == part or name.startswith(f"{part}/") for part in PORTAL_PARTS)
    return inside and not any(name.startswith(f"{part}/") for part in ADMIN_PARTS)


ALL_TEMPLATES = sorted(TEMPLATES.rglob("*.html"))
PORTAL_TEMPLATES = [path for path in ALL_TEMPLATES if is_portal(template_name(path))]


def test_the_template_walk_sees_the_portal_and_the_admin():
    names = {template_name(path) for path in PORTAL_TEMPLATES}
    assert {"base.html", "partybuild/portal/me.html", "content/base_section.html"} <= names
    assert "partybuild/members/roster.html" not in names
    assert len(ALL_TEMPLATES) > len(PORTAL_TEMPLATES)


@pytest.mark.parametrize("path", ALL_TEMPLATES, ids=template_name)
def test_no_template_has_an_inline_event_handler(path):
    assert not INLINE_HANDLER.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PORTAL_TEMPLATES, ids=template_name)
def test_portal_templates_leave_styling_to_the_stylesheet(path):
    text = path.read_text(encoding="utf-8")
    assert "<style" not in text
    assert not re.search(r"\sstyle=", text)


@pytest.mark.parametrize("path", PORTAL_TEMPLATES, ids=template_name)
def test_portal_pages_extend_the_one_base(path):
    """Only base.html opens a page; every other page template ends its chain there."""
    name = template_name(path)
    text = path.read_text(encoding="utf-8")
    if name == "base.html":
        assert text.count("<html") == 1
        return
    assert not re.search(r"<(html|head|body)[\s>]", text)
    seen = [name]
    while match := EXTENDS.search(text):
        parent = match.group(1)
        assert parent not in seen, seen
        seen.append(parent)
        text = (TEMPLATES / parent).read_text(encoding="utf-8")
    assert seen[-1] in {name, "base.html"}, seen


def assert_one_frame(html: str) -> None:
    assert html.count(STYLESHEET) == 1
    assert html.count(SCRIPT) == 1
    assert html.count("<html") == 1 and html.count("<body") == 1
    assert html.count('<header class="site-header">') == 1
    assert html.count('<nav class="site-nav">') == 1
    assert html.count('<main class="container">') == 1
    assert "<style" not in html and " onchange=" not in html


@pytest.fixture
def member_client(client, db, tree, make_member):
    client.force_login(make_member("frame_member", tree["first"]))
    return client


@pytest.fixture
def integrity_years(db):
    """Two integrity articles in different years, so the section shows its year select."""
    index = IntegrityIndexPage.objects.get()
    for year in (2018, 2026):
        page = IntegrityPage(title=f"{year}年廉政", slug=f"i{year}", date=datetime.date(year, 3, 7))
        index.add_child(instance=page)
        page.save_revision().publish()


def test_content_pages_share_the_frame(client, integrity_years):
    for url in ["/", "/integrity/", "/integrity/i2018/", reverse("search"), reverse("login")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_one_frame(response.content.decode())


def test_the_year_filter_submits_through_the_script(client, integrity_years):
    html = client.get("/integrity/").content.decode()
    assert '<select name="year" data-submit-on-change>' in html
    assert '<noscript><button type="submit">筛选</button></noscript>' in html


@pytest.mark.parametrize(
    "name",
    [
        "portal:me",
        "portal:recruitment",
        "portal:meetings",
        "portal:wishes",
        "portal:wishes_mine",
        "portal:experiences",
        "portal:points",
        "portal:suggestions",
        "portal:letters",
        "portal:board",
    ],
)
def test_member_pages_share_the_frame(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert_one_frame(html)
    assert html.count('<section class="member-portal">') == 1


def test_member_pages_keep_their_tabs_and_messages(member_client):
    html = member_client.get(reverse("portal:points")).content.decode()
    assert '<p class="portal-tabs">' in html
    response = member_client.post(reverse("portal:board"), {"content": "大家好"}, follow=True)
    html = response.content.decode()
    assert_one_frame(html)
    assert '<ul class="messages">' in html
    assert '<form method="post" class="portal-form" novalidate>' in html


def test_pages_for_accounts_without_a_member_share_the_frame(client, db):
    from partybuild.models import User

    client.force_login(User.objects.create_user(username="no_member", password="x" * 12))
    for name in ["portal:me", "portal:recruitment", "portal:wishes", "portal:suggestions"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_one_frame(response.content.decode())


def test_error_pages_share_the_frame(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_one_frame(response.content.decode())
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert_one_frame(html)
    assert "服务器错误" in html
