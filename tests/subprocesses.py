"""Running the project in a process of its own, as `make run` or a deployment does: the
environment without the test run's database and settings, a database file on a fast disk."""

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (only as the parent of a private mkdtemp folder)


def run_python(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """``python <args>`` in the repository, with ``env`` in place of the run's own Django,
    database and encryption settings."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "FIELD_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """``manage.py <args>`` as :func:`run_python` runs it."""
    return run_python("manage.py", *args, env=env, timeout=timeout)


@contextmanager
def fast_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) where there is one, else ``fallback``: migrating a SQLite
    file commits hundreds of times, and each commit waits for the disk."""
    if not os.access(SHARED_MEMORY, os.W_OK):
        yield fallback
        return
    with tempfile.TemporaryDirectory(dir=SHARED_MEMORY, prefix="partysite-test-") as path:
        yield Path(path)
