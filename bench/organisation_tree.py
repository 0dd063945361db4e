"""Benchmark: the organisation tree at county scale.

Builds a tree of 1 县委 → 20 党委 → 5 党总支 each → 10 党支部 each (1,121 organisations) in a fresh
SQLite database (or DATABASE_URL), then prints the time and the SQL query count of:
the scoped subtree query, the admin listing page (first page, 50 rows) and a subtree move.

Run: .venv/bin/python bench/organisation_tree.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings

from partybuild.models import Organisation, User
from partybuild.selectors.organisations import organisation_scope_for_user
from partybuild.services.organisations import organisation_create, organisation_move


def timed(label: str, func, repeat: int = 5):
    best = float("inf")
    queries = 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
        queries = len(connection.queries)
    print(f"{label:<42} {best * 1000:8.1f} ms  {queries:4d} queries")


def build_tree() -> Organisation:
    county = organisation_create(
        parent=None, actor=None, name="县委", org_type="committee", code="B"
    )
    for c in range(20):
        county.refresh_from_db()
        committee = organisation_create(
            parent=county, actor=None, name=f"党委{c}", org_type="committee", code=f"B{c:02d}"
        )
        for g in range(5):
            committee.refresh_from_db()
            general = organisation_create(
                parent=committee,
                actor=None,
                name=f"总支{c}-{g}",
                org_type="general_branch",
                code=f"B{c:02d}{g}",
            )
            for b in range(10):
                general.refresh_from_db()
                organisation_create(
                    parent=general,
                    actor=None,
                    name=f"支部{c}-{g}-{b}",
                    org_type="branch",
                    code=f"B{c:02d}{g}{b}",
                )
    return county


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build_tree()
    print(
        f"built {Organisation.objects.count()} organisations in {time.perf_counter() - start:.1f} s"
    )
    superuser = User.objects.create_superuser(username="bench", password="x")
    committee = Organisation.objects.get(code="B07")
    admin = User.objects.create_user(
        username="c7", password="x", administered_organisation=committee
    )

    timed(
        "scope of a 党委 administrator (count)",
        lambda: organisation_scope_for_user(user=admin).count(),
    )
    timed(
        "scope of the superuser (count)",
        lambda: organisation_scope_for_user(user=superuser).count(),
    )

    client = Client()
    client.force_login(superuser)
    with override_settings(DEBUG=True):
        timed(
            "admin listing, page 1 of 23 (superuser)", lambda: client.get("/admin/organisations/")
        )
        timed(
            "admin listing, page 12 of 23 (superuser)",
            lambda: client.get("/admin/organisations/?p=12"),
        )
    targets = [Organisation.objects.get(code="B01"), Organisation.objects.get(code="B02")]
    general = Organisation.objects.get(code="B000")
    moves = iter(targets * 3)
    timed(
        "move a 党总支 with 10 branches",
        lambda: organisation_move(organisation=general, new_parent=next(moves), actor=None),
    )


if __name__ == "__main__":
    with override_settings(DEBUG=True):
        main()
