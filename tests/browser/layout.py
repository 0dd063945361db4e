"""What a person sees of the page's layout, measured in the browser."""

from playwright.sync_api import Page

# How many lines the text ``text`` takes where it first appears on the page.
_LINES_OF = """text => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  }
  return 0;
}"""


def lines_of(page: Page, text: str) -> int:
    """The lines ``text`` is laid out on where it first appears (0: not on the page)."""
    return page.evaluate(_LINES_OF, text)
