"""Benchmark: 忘记密码 answers a known and an unknown e-mail address in similar time.

Builds a fresh SQLite database (or DATABASE_URL) with one account, then posts the admin's
password-reset form alternately for its e-mail address and for unknown ones (the rate limit's
rows cleared before each, so it does not answer instead) and prints the median time of each. Mail
goes to the in-memory backend, as to a local relay; the known answer also sends it.

Run: .venv/bin/python bench/password_reset_timing.py
"""

import os
import statistics
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
from django.test import Client

from partybuild.models import RateLimitHit, User

ROUNDS = 100


def main() -> None:
    call_command("migrate", verbosity=0)
    User.objects.create_user(
        username="known", password="Secret-2026", name="张三", email="known@example.com"
    )
    client = Client()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for index in range(ROUNDS):
        for kind in ("known", "unknown"):
            email = "known@example.com" if kind == "known" else f"nobody{index}@example.com"
            address = f"10.{index // 250}.{index % 250}.{1 if kind == 'known' else 2}"
            RateLimitHit.objects.all().delete()  # the limit is not what is measured
            started = time.perf_counter()
            response = client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)
            timings[kind].append(time.perf_counter() - started)
            if response.status_code != 302:
                raise SystemExit(f"unexpected answer {response.status_code}")
    for kind, values in timings.items():
        print(f"{kind:8} median {statistics.median(values) * 1000:.2f} ms over {len(values)}")


if __name__ == "__main__":
    main()
