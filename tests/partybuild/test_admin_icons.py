"""Every icon our admin code names is one the admin can draw: an unknown name renders an empty
space (便民服务 had no icon in the menu, 登记出勤 and 退回 buttons none beside their text)."""

import re
from pathlib import Path

from wagtail.admin.icons import get_icons

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(
    r"\b(?:icon|icon_name|menu_icon|header_icon|button_icon)\s*=\s*\"([a-z0-9-]+)\""
    r"|\{% icon name=\"([a-z0-9-]+)\""
)


def named_icons() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for folder in ("partybuild", "content", "partysite", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html"} or "migrations" in path.parts:
                continue
            for match in NAMED.finditer(path.read_text(encoding="utf-8")):
                name = match.group(1) or match.group(2)
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_icon_named_in_the_admin_exists():
    drawn = set(re.findall(r'id="icon-([a-z0-9-]+)"', get_icons()))
    named = named_icons()
    assert len(named) > 20  # the scan finds the names
    missing = {name: sorted(paths) for name, paths in named.items() if name not in drawn}
    assert missing == {}
