"""The project's translations (partysite/locale, issue 19): the committed .mo files are what
their .po files compile to, every message of Wagtail's admin has a Chinese translation, and none
of them names Wagtail."""

import json
import re
import struct
from pathlib import Path

import pytest
import wagtail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import trans_real

from partybuild.core.messages_catalogue import catalogue_compile, catalogue_parse
from partybuild.management.commands.messages_compile import catalogue_compiled, project_catalogues

WAGTAIL = Path(wagtail.__file__).parent
#: The Wagtail apps of INSTALLED_APPS that ship translations, by their locale directory.
WAGTAIL_APPS = (
    "",
    "admin",
    "contrib/forms",
    "contrib/redirects",
    "contrib/settings",
    "documents",
    "embeds",
    "images",
    "search",
    "sites",
    "snippets",
    "users",
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def _source_messages(domain: str):
    """Wagtail's messages of ``domain``: its English catalogues hold every message id."""
    for app in WAGTAIL_APPS:
        source = WAGTAIL / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if source.exists():
            for entry in catalogue_parse(text=source.read_text(encoding="utf-8")):
                if entry.msgid:
                    yield entry


def _catalogue_key(entry):
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return (key, 0) if entry.msgid_plural is not None else key


def test_the_committed_mo_files_are_what_the_po_files_compile_to():
    catalogues = project_catalogues()
    assert {path.name for path in catalogues} == {"django.po", "djangojs.po"}
    for po_path in catalogues:
        assert po_path.with_suffix(".mo").read_bytes() == catalogue_compiled(po_path=po_path), (
            f"{po_path}: run `manage.py messages_compile`"
        )
    call_command("messages_compile", "--check")


def test_messages_compile_check_names_a_stale_mo_file(tmp_path, settings):
    locale = tmp_path / "zh_Hans" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Shortcuts"\nmsgstr "快捷键"\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match=r"django\.mo"):
        call_command("messages_compile", "--check")
    call_command("messages_compile")
    call_command("messages_compile", "--check")


def test_a_compiled_catalogue_is_read_by_gettext():
    """The .mo layout (magic, counts, sorted tables): Python's reader finds each message,
    plural forms, contexts, and leaves out fuzzy and untranslated entries."""
    import gettext
    import io

    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Saved"\nmsgstr "已保存"\n\n'
        'msgctxt "verb"\nmsgid "Save"\nmsgstr "保存"\n\n'
        'msgid "%(num)s error"\nmsgid_plural "%(num)s errors"\nmsgstr[0] "%(num)s 处错误"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "草稿"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        'msgid "Two lines"\nmsgstr ""\n"第一行\\n"\n"第二行"\n'
    )
    compiled = catalogue_compile(entries=catalogue_parse(text=text))
    assert struct.unpack("<I", compiled[:4])[0] == 0x950412DE
    reader = gettext.GNUTranslations(io.BytesIO(compiled))
    assert reader.gettext("Saved") == "已保存"
    assert reader.pgettext("verb", "Save") == "保存"
    assert reader.ngettext("%(num)s error", "%(num)s errors", 3) == "%(num)s 处错误"
    assert reader.gettext("Draft") == "Draft"
    assert reader.gettext("Empty") == "Empty"
    assert reader.gettext("Two lines") == "第一行\n第二行"


def test_every_message_of_wagtails_admin_is_translated_and_none_names_wagtail():
    """What the admin's templates and views say (the django domain), merged as Django merges
    it: Wagtail's Chinese catalogue, then ours over it."""
    catalogue = trans_real.translation("zh-hans")._catalog
    untranslated, naming_wagtail = [], []
    for entry in _source_messages("django"):
        translated = catalogue.get(_catalogue_key(entry))
        if not translated:
            untranslated.append(entry.msgid)
        elif "Wagtail" in translated:
            naming_wagtail.append(entry.msgid)
    assert untranslated == []
    assert naming_wagtail == []


def test_every_message_of_wagtails_admin_scripts_is_translated():
    """What the admin's scripts say (the djangojs domain, served at /admin/jsi18n/), merged as
    Django's JavaScriptCatalog merges it for wagtail.admin."""
    catalogue = trans_real.DjangoTranslation(
        "zh-hans", domain="djangojs", localedirs=[str(WAGTAIL / "admin" / "locale")]
    )._catalog
    untranslated = [
        entry.msgid
        for entry in _source_messages("djangojs")
        if not catalogue.get(_catalogue_key(entry))
    ]
    assert untranslated == []


def test_the_admin_script_catalogue_serves_our_translations(client):
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    # The catalogue is JSON inside the script, with non-ASCII characters escaped.
    assert json.dumps("正在自动保存")[1:-1] in response.content.decode()


@pytest.mark.parametrize("po_path", project_catalogues(), ids=lambda path: path.name)
def test_our_translations_keep_their_placeholders(po_path):
    """A translation uses only the placeholders of its message (a missing one would raise)."""
    for entry in catalogue_parse(text=po_path.read_text(encoding="utf-8")):
        if not entry.msgid:
            continue
        allowed = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for translated in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(translated)) <= allowed, entry.msgid
