"""The lock files pin every package with its hashes, and every install goes through them with
``--require-hashes`` (issue 18, supply chain)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.txt": "requirements.in", "requirements-dev.txt": "requirements-dev.in"}


def _locked(lock: str) -> dict[str, str]:
    """``name → the requirement's text`` (continuation lines joined) of a lock file."""
    text = (ROOT / lock).read_text().replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")):
            name = re.split(r"[=<>!~\[ ;]", line, maxsplit=1)[0].lower().replace("_", "-")
            entries[name] = line
    return entries


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock):
    entries = _locked(lock)
    assert entries
    for name, line in entries.items():
        assert re.search(r"==[^ ]+", line), f"{name} is not pinned in {lock}"
        assert "--hash=sha256:" in line, f"{name} has no hash in {lock}"


@pytest.mark.parametrize(("lock", "source"), LOCKS.items())
def test_every_declared_dependency_is_in_its_lock(lock, source):
    locked = _locked(lock)
    for line in (ROOT / source).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name = re.split(r"[=<>!~\[ ;]", line, maxsplit=1)[0].lower().replace("_", "-")
        assert name in locked, f"{name} of {source} is missing from {lock}: run `make lock`"


def test_installs_require_hashes():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert installs
    assert all("--require-hashes" in line for line in installs)


def test_member_app_packages_are_locked_with_integrity_hashes():
    """The member app's npm packages: package-lock.json pins each one with its integrity hash
    (from the npm registry where it records an address; this machine's npm records none), and
    the Makefile installs with ``npm ci`` (the lock, never a resolution)."""
    import json

    lock = json.loads((ROOT / "app" / "package-lock.json").read_text())
    assert lock["lockfileVersion"] >= 3
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert packages
    for path, entry in packages.items():
        if entry.get("link"):
            continue
        assert entry.get("integrity", "").startswith("sha512-"), path
        assert entry.get("resolved", "https://registry.npmjs.org/").startswith(
            "https://registry.npmjs.org/"
        ), path
    makefile = (ROOT / "Makefile").read_text()
    assert "npm ci" in makefile and "npm install" not in makefile
