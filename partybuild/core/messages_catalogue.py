"""Gettext catalogues without GNU gettext: read a ``.po`` file and write its ``.mo``.

The project's own translations (``partysite/locale``) complete Wagtail's Chinese catalogue. The
compiled ``.mo`` files are committed, so a machine without ``msgfmt`` serves them as they are;
``manage.py messages_compile`` rebuilds them with the functions here, and a test checks that the
committed files are what the ``.po`` files compile to. The output is that of CPython's
``Tools/i18n/msgfmt.py``: fuzzy and untranslated entries are left out, messages are sorted, and
there is no hash table (Python's and Django's readers do not use one).
"""

import ast
import struct
from dataclasses import dataclass, field

#: What separates a message's context from its id, and a plural's forms, in a ``.mo`` file.
CONTEXT_SEPARATOR = "\x04"
PLURAL_SEPARATOR = "\x00"
MO_MAGIC = 0x950412DE


@dataclass
class CatalogueEntry:
    """One message of a ``.po`` file: its context, id, plural id and translations (one per
    plural form, or a single one), and whether it is marked fuzzy."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


class CatalogueSyntaxError(ValueError):
    """A ``.po`` file that cannot be read; the message names the line."""


def _string(text: str, *, line_number: int) -> str:
    """A quoted ``.po`` string: C-style escapes, which Python's literal syntax shares."""
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise CatalogueSyntaxError(f"第 {line_number} 行：应为带引号的字符串。")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise CatalogueSyntaxError(f"第 {line_number} 行：字符串无法解析。") from None


def catalogue_parse(*, text: str) -> list[CatalogueEntry]:
    """The entries of a ``.po`` file's text, the header (``msgid ""``) among them. Obsolete
    entries (``#~``) are skipped."""
    entries: list[CatalogueEntry] = []
    entry = CatalogueEntry()
    started = False
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = CatalogueEntry(), False, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                entry.fuzzy = True
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise CatalogueSyntaxError(f"第 {number} 行：续行前没有关键字。")
            value = _string(line, line_number=number)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index or 0] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()
        value = _string(rest, line_number=number)
        if keyword == "msgctxt":
            entry.msgctxt, target = value, ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid, target = value, ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, ("msgid_plural", None)
        elif keyword == "msgstr":
            entry.msgstr[0], target = value, ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.msgstr[index], target = value, ("msgstr", index)
        else:
            raise CatalogueSyntaxError(f"第 {number} 行：未知关键字 {keyword!r}。")
        started = True
    finish()
    return entries


def catalogue_compile(*, entries: list[CatalogueEntry]) -> bytes:
    """The ``.mo`` file of ``entries`` (UTF-8): translated, non-fuzzy entries and the header."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.fuzzy and entry.msgid:
            continue
        if not entry.msgid and entry.msgctxt is None:
            key, value = "", entry.msgstr.get(0, "")
        elif not entry.translated:
            continue
        else:
            key = entry.msgid
            if entry.msgid_plural is not None:
                key += PLURAL_SEPARATOR + entry.msgid_plural
            value = PLURAL_SEPARATOR.join(entry.msgstr[i] for i in sorted(entry.msgstr))
        if entry.msgctxt is not None:
            key = entry.msgctxt + CONTEXT_SEPARATOR + key
        messages[key.encode()] = value.encode()

    keys = sorted(messages)
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    header_size = 7 * 4
    # Two tables of (length, offset) pairs, the ids' then the translations', then the strings.
    keys_start = header_size + len(keys) * 16
    values_start = keys_start + len(ids)
    key_table: list[int] = []
    value_table: list[int] = []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, id_offset + keys_start]
        value_table += [str_length, str_offset + values_start]
    output = struct.pack(
        "<Iiiiiii", MO_MAGIC, 0, len(keys), header_size, header_size + len(keys) * 8, 0, 0
    )
    output += struct.pack(f"<{len(key_table)}i", *key_table)
    output += struct.pack(f"<{len(value_table)}i", *value_table)
    return output + ids + strs
