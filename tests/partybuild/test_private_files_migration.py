"""The data migration moves files uploaded before issue 14 out of Wagtail's public libraries.

The migration runs in a process of its own (tests/partybuild/private_files_move.py) on a
database of its own: a SQLite file, or on PostgreSQL runs a scratch database on the same server,
since the migration commits its data move on its own there (0013's ``atomic = False``).
"""

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests.partybuild.private_files_move import png_bytes
from tests.subprocesses import fast_folder, run_python


@contextmanager
def scratch_database_url(tmp_path: Path, django_db_blocker):
    """A database URL nobody else uses, dropped afterwards."""
    if connection.vendor != "postgresql":
        with fast_folder(tmp_path) as folder:
            yield f"sqlite:///{folder / 'files-move.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_files_move"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        user, host, port = params["USER"], params["HOST"] or "127.0.0.1", params["PORT"] or 5432
        password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
        yield f"postgres://{user}{password}@{host}:{port}/{name}"
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.early  # migrates some 60 migrations in a process of its own: seconds
def test_files_referenced_by_registers_move_to_private_storage(tmp_path, django_db_blocker):
    """Needs no test database: on a first run it runs while another worker migrates that."""
    with scratch_database_url(tmp_path, django_db_blocker) as url:
        result = run_python(
            "-m",
            "tests.partybuild.private_files_move",
            env={"DJANGO_SETTINGS_MODULE": "partysite.settings.test", "DATABASE_URL": url},
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    try:
        image, document = found["moved"]["image"], found["moved"]["document"]
        assert (image["kind"], image["title"]) == ("image", "心愿照片")
        assert (document["kind"], document["title"]) == ("document", "反馈材料")
        assert Path(image["path"]).read_bytes() == png_bytes()
        assert Path(document["path"]).read_bytes() == b"%PDF-1.4 old"
        assert image["path"].startswith(found["private_root"])
        # The public copies are gone, rows and bytes.
        assert found["public_rows"] == {"images": 0, "documents": 0}
        assert not any(os.path.exists(path) for path in found["public_paths"])
    finally:
        for folder in found["folders"]:
            shutil.rmtree(folder, ignore_errors=True)
