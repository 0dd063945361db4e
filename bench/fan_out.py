"""Benchmark: a fan-out of messages (a notice to 10,000 members) as the background task sends it.

Creates 10,000 accounts in a fresh SQLite database (or DATABASE_URL), then prints the time and
SQL query count of partybuild.services.messages.message_send_once sending one message to each
(batches of 1,000, each its own transaction), and of running it again, as a retried task does
(it finds every message sent and writes nothing).

Run: .venv/bin/python bench/fan_out.py
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
from django.test.utils import override_settings

from partybuild.models import Message, MessageKind, User
from partybuild.services.messages import message_send_once

RECIPIENTS = 10_000

call_command("migrate", verbosity=0)
prefix = f"fan{int(time.time())}"
User.objects.bulk_create(
    [User(username=f"{prefix}{n}", name=f"党员{n}") for n in range(RECIPIENTS)], batch_size=2000
)
ids = list(User.objects.filter(username__startswith=prefix).values_list("pk", flat=True))
object_id = int(time.time()) % 1_000_000

with override_settings(DEBUG=True):
    for label in ("first run", "run again (retried)"):
        reset_queries()
        start = time.perf_counter()
        sent = message_send_once(
            recipients=ids,
            kind=MessageKind.NOTICE,
            title="新通知：基准测试",
            object_type="bench",
            object_id=object_id,
        )
        elapsed = time.perf_counter() - start
        print(
            f"{label:>22}: {sent:>6} messages in {elapsed:6.2f} s, "
            f"{len(connection.queries)} queries ({connection.vendor})"
        )
print(f"messages about the object: {Message.objects.filter(object_id=object_id).count()}")
