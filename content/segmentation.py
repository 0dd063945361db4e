"""Chinese word segmentation for full-text search, with jieba.

Full-text engines (SQLite FTS5, PostgreSQL tsvector) split words on spaces and punctuation,
so a run of Chinese characters is one token and 「党建」 never matches 「党建动态工作会议」.
``segment`` rewrites text as space-separated words, to be applied alike to indexed text and to
query strings (see ``content.search_backend``).
"""

import logging
import re
import threading

import jieba

# Runs of Han characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs) go to
# jieba. Any other run of letters or digits (Latin, accented Latin, kana, Hangul…) is a word as it
# stands, and so is a dotted number such as 3.14 or 8.0.1. Whitespace and punctuation separate
# words and are dropped.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(rf"(?P<han>[{_HAN}]+)|\d+(?:\.\d+)+|[^\W{_HAN}]+")

_init_lock = threading.Lock()
_initialised = False


def _tokenizer() -> jieba.Tokenizer:
    """Return jieba's default tokenizer, loading its dictionary quietly on first use."""
    global _initialised
    if not _initialised:
        with _init_lock:
            if not _initialised:
                # jieba logs "Building prefix dict…" at DEBUG on its own stderr handler.
                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                _initialised = True
    return jieba.dt


def segment(text: str) -> str:
    """Return ``text`` as words separated by single spaces.

    Chinese is cut in jieba's search-engine mode (``cut_for_search``), which yields each word
    and also the shorter dictionary words inside it: 「中华人民共和国」 gives 「中华 华人 人民
    共和 共和国 中华人民共和国」. Other words and numbers are kept whole, without the punctuation
    around them.
    """
    if not text:
        return ""
    words = []
    for match in _WORDS.finditer(text):
        if match["han"]:
            words.extend(_tokenizer().cut_for_search(match["han"]))
        else:
            words.append(match[0])
    return " ".join(words)
