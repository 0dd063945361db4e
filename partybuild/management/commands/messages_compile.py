"""``python manage.py messages_compile [--check]``: compile the project's translations
(``.po`` files under ``LOCALE_PATHS``) into ``.mo`` files without GNU gettext.

The ``.mo`` files are committed next to their ``.po`` files; run this after editing a ``.po``.
``--check`` writes nothing and exits with status 1 when a committed ``.mo`` differs from what its
``.po`` compiles to (partybuild.core.messages_catalogue).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partybuild.core.messages_catalogue import catalogue_compile, catalogue_parse


def project_catalogues() -> list[Path]:
    """The ``.po`` files of the project's ``LOCALE_PATHS``."""
    return sorted(
        path for locale in settings.LOCALE_PATHS for path in Path(locale).glob("*/LC_MESSAGES/*.po")
    )


def catalogue_compiled(*, po_path: Path) -> bytes:
    """The ``.mo`` file ``po_path`` compiles to."""
    return catalogue_compile(entries=catalogue_parse(text=po_path.read_text(encoding="utf-8")))


class Command(BaseCommand):
    help = "将项目的翻译文件（.po）编译为 .mo 文件（不需要 GNU gettext）；--check 只检查是否一致。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="只检查已提交的 .mo 文件是否与 .po 文件一致。"
        )

    def handle(self, *args, check: bool = False, **options):
        stale = []
        for po_path in project_catalogues():
            mo_path = po_path.with_suffix(".mo")
            compiled = catalogue_compiled(po_path=po_path)
            if mo_path.exists() and mo_path.read_bytes() == compiled:
                continue
            if check:
                stale.append(str(mo_path))
            else:
                mo_path.write_bytes(compiled)
                self.stdout.write(f"已编译 {mo_path}")
        if stale:
            raise CommandError("以下 .mo 文件与 .po 文件不一致：" + "、".join(stale))
