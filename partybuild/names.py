"""Keys for searching and ordering people by name: pinyin initials and 姓氏笔画 order."""

from pypinyin import Style, lazy_pinyin


def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name, lower-case: 黄主才 → "hzc" (Latin letters kept)."""
    initials = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default")
    return "".join(part[:1] for part in initials if part and part[:1].isalnum()).lower()


def name_sort_key(name: str) -> str:
    """Sort key for 姓氏笔画 order, falling back to pinyin (see ``surname_stroke_count``)."""
    name = (name or "").strip()
    strokes = surname_stroke_count(name[:1]) if name else 0
    pinyin = " ".join(lazy_pinyin(name, errors="default")).lower()
    return f"{strokes:03d} {pinyin}"


def surname_stroke_count(character: str) -> int:
    """Total strokes of a character; 999 when unknown, so such names sort last by pinyin.

    Placeholder until a maintained stroke source is wired in (see the member register issue).
    """
    return 999
