"""Benchmark: requests per second and latency of a local gunicorn under locust's load.

Prepares the database (``migrate`` and ``load_demo`` under the development settings, so the
demo's member ``dangyuan`` exists; ``--no-prepare`` skips it), starts gunicorn with
deploy/gunicorn.conf.py on a free port of 127.0.0.1 (settings ``bench.load_settings``:
development's with DEBUG off), runs deploy/locustfile.py headless for ``--seconds`` with
``--users`` simulated users (members of the app and anonymous readers of the portal, 3 to 1),
then stops both and prints requests per second, the 50th/95th/99th percentiles and the failures,
in total and per address. Everything stays on this machine; the run ends by itself.

Run: .venv/bin/python bench/load.py [--database-url URL] [--seconds 30] [--users 20]
     [--workers 3]
The database is DATABASE_URL, else the SQLite file of `make run` (db.sqlite3).
"""

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "deploy" / "locustfile.py"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**env, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings}


def prepare(database_url: str) -> None:
    env = environment(database_url, "partysite.settings.dev")
    for command in (["migrate", "--noinput"], ["load_demo"]):
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"{' '.join(command)}: {time.perf_counter() - started:.1f} s")


def wait_until_up(base: str, server: subprocess.Popen, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def report(stats_csv: Path) -> int:
    """Print the figures of locust's CSV; returns the number of failed requests."""
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    width = max(len(row["Name"]) for row in rows)
    print(f"{'address':{width}}  requests  failures    req/s   p50 ms   p95 ms   p99 ms")
    for row in rows:
        print(
            f"{row['Name']:{width}}  {int(row['Request Count']):8d}  {int(row['Failure Count']):8d}"
            f"  {float(row['Requests/s']):7.1f}  {row['50%']:>7}  {row['95%']:>7}  {row['99%']:>7}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return int(total["Failure Count"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}",
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-prepare", action="store_true")
    args = parser.parse_args()

    if not args.no_prepare:
        prepare(args.database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="partysite-load-"))
    env = {
        **environment(args.database_url, "bench.load_settings"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
    }
    with (work / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (gunicorn of this virtualenv)
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "partysite.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, server)
        print(
            f"gunicorn: {args.workers} workers on {base}; locust: {args.users} users "
            f"for {args.seconds} s (logs in {work})"
        )
        with (work / "locust.log").open("w") as locust_log:
            subprocess.run(  # noqa: S603 (locust of this virtualenv)
                [
                    sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                    "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                    "--run-time", f"{args.seconds}s", "--stop-timeout", "5",
                    "--host", base, "--csv", str(work / "load"), "--only-summary",
                    "--loglevel", "WARNING", "--exit-code-on-error", "0",
                ],
                cwd=ROOT,
                check=True,
                timeout=args.seconds + 120,
                stdout=locust_log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    failures = report(work / "load_stats.csv")
    if failures:
        print(f"failures: see {work / 'load_failures.csv'}")


if __name__ == "__main__":
    main()
