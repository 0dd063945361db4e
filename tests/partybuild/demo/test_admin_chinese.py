"""Everything a person reads in the admin is Chinese (issue 19, item 1), under the platform's
own name (item 2).

Each demo account (the superuser, a 党组织管理员, an editor, a reviewer and the three separated
administrators) signs in and opens the admin's main pages: the dashboard, the page explorer, a
page editor, every address of its menu (the registers, settings, reports), account settings;
then the login page and the admin's 404. The visible text of each (tags, scripts and styles
stripped; the ``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes, buttons'
values and the sidebar menu's labels kept) must hold no English word outside
``ALLOWED_WORDS``.
"""

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page, Site

from content.models import DisclosurePage, OrganisationDisclosureIndexPage
from partybuild.models import Role, User
from partybuild.uploads import IMAGE_EXTENSIONS
from tests.content.moderation import action_url, current_task_state, page_form

pytestmark = [pytest.mark.django_db, pytest.mark.early]

#: The Latin words an administrator may read, each for a reason: abbreviations and names that
#: Chinese software writes in Latin letters (API, URL, Excel…), the keys of a keyboard as
#: printed on it (快捷键) and the file types of uploads (xlsx, pdf, jpg…).
ALLOWED_WORDS = frozenset(
    word.lower()
    for word in (
        # Abbreviations and product names written in Latin letters in Chinese too.
        "API",
        "App",
        "CSV",
        "Excel",
        "SMS",
        "TOTP",
        "URL",
        # Keyboard keys, named as printed on them (the 快捷键 dialog).
        "Alt",
        "Ctrl",
        "Esc",
        "Shift",
        # The file types a document or a photo may have, named on upload forms.
        *settings.WAGTAILDOCS_EXTENSIONS,
        *IMAGE_EXTENSIONS,
    )
)
#: The attributes whose values a person reads (tooltips, hints, screen readers, image texts).
READ_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})
#: The keys of the sidebar's properties (a JSON script the sidebar is drawn from) that are read.
READ_JSON_KEYS = frozenset({"label", "title", "text", "footer_text"})
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
DEMO_PASSWORD = "dangjian123"
#: The demo accounts, one for each kind of administrator (README, "演示账号").
ADMIN_ACCOUNTS = (
    "admin",
    "ui_secretary",
    "ui_editor",
    "reviewer",
    "sysadmin",
    "secadmin",
    "auditor",
)


class _VisibleText(HTMLParser):
    """The text of an HTML page that a person reads: text nodes outside ``<script>`` and
    ``<style>``, the attributes of ``READ_ATTRIBUTES``, the values of buttons, and the labels
    of JSON scripts (the sidebar's menu)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: str | None = None
        self._json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.parts.append(attributes.get("value") or "")
        if tag in ("script", "style"):
            self._skip = tag
            self._json = tag == "script" and attributes.get("type") == "application/json"

    def handle_endtag(self, tag):
        if tag == self._skip:
            self._skip, self._json = None, False

    def handle_data(self, data):
        if self._skip is None:
            self.parts.append(data)
        elif self._json:
            self.parts.extend(_json_labels(json.loads(data)))


def _json_labels(value) -> list[str]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key in READ_JSON_KEYS and isinstance(item, str):
                found.append(item)
            else:
                found.extend(_json_labels(item))
        return found
    if isinstance(value, list):
        return [label for item in value for label in _json_labels(item)]
    return []


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(part for part in parser.parts if part.strip())


def english_words(html: str, *, data: Iterable[str] = ()) -> set[str]:
    """The English words of a page's visible text that ``ALLOWED_WORDS`` does not allow, once
    ``data`` (what people typed, such as account names) is taken out of it."""
    text = visible_text(html)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return {word for word in ENGLISH_WORD.findall(text) if word.lower() not in ALLOWED_WORDS}


def _menu_addresses(html: str) -> list[str]:
    """The admin addresses of the sidebar's menu (main menu, submenus, account menu)."""
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the sidebar's properties are on the page"
    addresses: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            url = value.get("url")
            if isinstance(url, str) and url.startswith("/admin/") and url not in addresses:
                addresses.append(url)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(match.group(1)))
    return [address for address in addresses if not address.startswith("/admin/logout")]


def _editable_page(user: User) -> Page | None:
    for page in Page.objects.filter(depth__gt=1).order_by("-depth", "path").specific():
        if page.permissions_for_user(user).can_edit():
            return page
    return None


def _pages_of(client, user: User) -> dict[str, str]:
    """What ``user`` reads: each address it opens from the dashboard, by address."""
    pages: dict[str, str] = {}

    def read(address: str) -> str:
        response = client.get(address, follow=True)
        assert response.status_code == 200, f"{user.username}: {address} {response.status_code}"
        html = response.content.decode()
        pages[address] = html
        return html

    home = read("/admin/")
    for address in ["/admin/account/", *_menu_addresses(home)]:
        if address not in pages:
            index = read(address)
            # The register's forms too: its first "add" and its first record's edit form.
            for form_address in _form_addresses(index, index_address=address):
                if form_address not in pages:
                    read(form_address)
    page = _editable_page(user)
    if page is not None:
        read(f"/admin/pages/{page.pk}/edit/")
        parent = page.get_parent()
        read(f"/admin/pages/{parent.pk}/")
        choices = read(f"/admin/pages/{parent.pk}/add_subpage/")
        adding = re.search(r'href="(/admin/pages/add/[^"]+)"', choices)
        if adding:
            read(adding.group(1))
    return pages


def _form_addresses(html: str, *, index_address: str) -> list[str]:
    """The first link of an index page to its add form, and the first to an edit form."""
    prefix = re.escape(index_address)
    found = []
    for pattern in (rf"{prefix}(?:add|new|create)/", rf"{prefix}(?:edit/)?\d+/(?:edit/)?"):
        match = re.search(rf'href="({pattern})"', html)
        if match:
            found.append(match.group(1))
    return found


@pytest.mark.parametrize("username", ADMIN_ACCOUNTS)
def test_every_admin_page_an_administrator_reads_is_chinese(client, username):
    user = User.objects.get(username=username)
    assert client.login(username=username, password=DEMO_PASSWORD)
    # Account names, role codes and host names are data, identifiers in Latin letters
    # (``ui_editor``, ``branch_secretary``, ``localhost``) shown beside the names people read.
    identifiers = [
        *User.objects.values_list("username", flat=True),
        *Role.objects.values_list("code", flat=True),
        *Site.objects.values_list("hostname", flat=True),
    ]
    found = {
        address: sorted(words)
        for address, html in _pages_of(client, user).items()
        if (words := english_words(html, data=identifiers))
    }
    assert found == {}


def test_the_login_page_and_the_admin_404_are_chinese(client):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert english_words(login.content.decode()) == set()
    assert client.login(username="ui_editor", password=DEMO_PASSWORD)
    missing = client.get("/admin/no-such-address/")
    assert missing.status_code == 404
    assert english_words(missing.content.decode()) == set()


def test_the_moderation_e_mails_are_chinese(client, mailoutbox, settings):
    """The README's walk-through: ui_editor submits an article; the e-mail to its reviewers
    (ui_secretary) and, once approved, to its author, in Chinese under our name."""
    settings.DEBUG = True
    folder = OrganisationDisclosureIndexPage.objects.get(organisation__code="CL0403")
    for username in ("ui_editor", "ui_secretary", "reviewer"):
        User.objects.filter(username=username).update(email=f"{username}@example.com")
    client.force_login(User.objects.get(username="ui_editor"))
    add_url = reverse("wagtailadmin_pages:add", args=["content", "disclosurepage", folder.pk])
    client.post(add_url, page_form(**{"action-submit": "submit"}))
    page = DisclosurePage.objects.get(slug="dues-2026-q3")
    _, task_state = current_task_state(page)
    client.force_login(User.objects.get(username="ui_secretary"))
    client.post(action_url(page, "approve", task_state), {"comment": ""})
    assert mailoutbox
    for message in mailoutbox:
        bodies = [message.body] + [content for content, _type in message.alternatives]
        assert "Wagtail" not in message.subject
        assert english_words(f"<p>{message.subject}</p>") == set(), message.subject
        for body in bodies:
            assert "Wagtail" not in body
            assert "email-header.jpg" not in body
        html = next((content for content, _type in message.alternatives), None)
        if html is not None:
            assert "智慧党建" in html
