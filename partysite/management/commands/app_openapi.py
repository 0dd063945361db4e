"""Write the app API's OpenAPI schema into the member app (app/src/api/openapi.json), from which
``npm run api-types`` generates the TypeScript types the app is checked against.

``--check`` writes nothing and fails when the committed file differs from the live schema, so a
change to the API that the app has not taken up fails CI (tests/api/test_app_openapi_committed.py
runs the same comparison).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partysite.apis import app_api

#: The schema's place in the app's sources.
SCHEMA_PATH = Path(settings.BASE_DIR) / "app" / "src" / "api" / "openapi.json"


def app_openapi_text() -> str:
    """The live schema of /api/app/openapi.json as the committed file holds it (stable order)."""
    schema = app_api.get_openapi_schema(path_prefix="/api/app/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "把 App 接口的 OpenAPI 描述写入 app/src/api/openapi.json（--check：只比对）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只比对，不一致时失败")

    def handle(self, *args, check: bool = False, **options):
        text = app_openapi_text()
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(
                    "app/src/api/openapi.json 与当前接口不一致：运行 "
                    "`python manage.py app_openapi` 和 `npm --prefix app run api-types` 后提交。"
                )
            self.stdout.write("app/src/api/openapi.json 与当前接口一致。")
            return
        if current != text:
            SCHEMA_PATH.write_text(text, encoding="utf-8")
            self.stdout.write(f"已写入 {SCHEMA_PATH}。")
        else:
            self.stdout.write("app/src/api/openapi.json 已是最新。")
