"""The production settings in a process of their own, with the environment they require."""

import json
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

from tests.subprocesses import run_python


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment production requires (fresh secrets, a SQLite file), and ``extra``."""
    return {
        "DJANGO_SETTINGS_MODULE": "partysite.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "dangjian.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **extra,
    }


def production_settings(tmp_path: Path, code: str, **extra: str):
    """What ``code`` prints (as JSON) once Django is set up with the production settings and
    ``extra``; ``settings`` and ``json`` are imported for it."""
    script = f"import django, json; django.setup(); from django.conf import settings; {code}"
    result = run_python("-c", script, env=production_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
