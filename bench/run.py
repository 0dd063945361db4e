"""Benchmarks as ratios (issue 21): every figure beside a raw anchor measured in the same run.

Builds (or, with ``--reuse``, finds) the dataset of ``--members`` members (bench/generate.py) in
its own database, then times each measurement ``--repeat`` times and prints the median, min and
max, the SQL queries, the anchor's median and the ratio anchor ÷ figure (the figure's speed
relative to its anchor: 0.5 means half as fast). HTTP figures go through the test Client in this
process, after one unmeasured request (signed-in session for the admin, a bearer token for the
app API); jobs (dues_assess, export, import and their openpyxl anchors) run in a subprocess each
(bench/job.py), whose peak RSS is reported. Results are also written as JSON to
bench/.data/results-<db>-<members>[-<only>].json.

Run:
    .venv/bin/python bench/run.py --members 100000 --db postgres [--reuse] [--repeat 3]
    .venv/bin/python bench/run.py --members 2000 --db sqlite --only app_api,v2_list

Databases: PostgreSQL ``bench_pb_<members>`` at 127.0.0.1:5432 (user postgres; BENCH_PG_URL
overrides the server), SQLite bench/.data/bench_<members>.sqlite3. Without ``--reuse`` the
database is dropped and rebuilt: migrations, then the generator.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
sys.path.insert(0, str(ROOT))

MEASUREMENTS = (
    "dues_assess",
    "member_export",
    "member_import",
    "app_api",
    "admin",
    "v2_list",
    "roster_p99",
)
IMPORT_ROWS = 20_000
#: Requests per list for the p99 of ``roster_p99``.
P99_REQUESTS = 200


@dataclass
class Figure:
    """One measurement: its times, queries, anchor and what else it reports."""

    name: str
    seconds: list[float]
    queries: int | None = None
    anchor: str | None = None
    anchor_seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float | None:
        if not self.anchor_seconds:
            return None
        return statistics.median(self.anchor_seconds) / self.median


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(MEASUREMENTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the dataset if it exists")
    return parser.parse_args()


def _database(args) -> tuple[str, bool]:
    """The DATABASE_URL of this size and whether a dataset is already there; drops and creates
    the database unless it is reused."""
    DATA.mkdir(exist_ok=True)
    if args.db == "sqlite":
        path = DATA / f"bench_{args.members}.sqlite3"
        exists = path.exists()
        if exists and not args.reuse:
            path.unlink()
            exists = False
        return f"sqlite:///{path}", exists
    import psycopg

    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    name = f"bench_pb_{args.members}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )
        if exists and not args.reuse:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", exists


def _analyse() -> None:
    """Bring the planner's statistics up to date, as autovacuum does on a server in use: rows
    loaded by COPY have none, and without them PostgreSQL plans the subtree joins as nested
    loops (a member count at 10k: 147 ms before, 3 ms after)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _dataset(args, exists: bool) -> dict:
    """Build the dataset unless it exists; returns the generation report (stored beside)."""
    from django.core.management import call_command

    from bench.generate import dataset_generate
    from partybuild.models import Member

    report_path = DATA / f"dataset-{args.db}-{args.members}.json"
    if exists and Member.objects.count() >= args.members:
        print(f"dataset of {args.members:,} members reused")
        return json.loads(report_path.read_text()) if report_path.exists() else {}
    print(f"building the dataset of {args.members:,} members ({args.db})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started
    report = dataset_generate(members=args.members, progress=print)
    data = {
        "members": args.members,
        "migrate_seconds": round(migrate_seconds, 1),
        "generate_seconds": round(report.total_seconds, 1),
        "stages": {name: round(value, 1) for name, value in report.seconds.items()},
        "rows": report.rows,
        "organisations": report.organisations,
        "branches": report.branches,
        "accounts": report.accounts,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    report_path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    print(
        f"generated in {report.total_seconds:.1f} s (migrations {migrate_seconds:.1f} s): "
        + ", ".join(f"{table} {count:,}" for table, count in report.rows.items())
    )
    return data


def _job(name: str, *args: str) -> tuple[dict, float]:
    """Run bench/job.py NAME in a subprocess; its JSON line and its peak RSS in MB (the job's
    own ``VmHWM``; see bench/job.py ``peak_rss_mb``)."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, our own job names
        [sys.executable, "-m", "bench.job", name, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"job {name} failed ({process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    return result, result.pop("peak_rss_mb", None) or usage.ru_maxrss / 1024


def _jobs(name: str, repeat: int, *args: str, before=None) -> tuple[list[dict], float]:
    results, peak = [], 0.0
    for _ in range(repeat):
        if before is not None:
            before()
        result, rss = _job(name, *args)
        if "error" in result:
            raise RuntimeError(f"{name}: {result['error']}")
        results.append(result)
        peak = max(peak, rss)
    return results, peak


# --- jobs -------------------------------------------------------------------------------------


def measure_dues_assess(args) -> list[Figure]:
    from django.utils import timezone

    from partybuild.dues.models import DuesAssessment
    from partybuild.models import Message

    month = timezone.localdate().replace(day=1)

    def unassess() -> None:
        """The current month back to unassessed (the generator leaves it so)."""
        assessments = DuesAssessment.objects.filter(month=month)
        assessments._raw_delete(assessments.db)
        messages = Message.objects.filter(kind="dues", object_type="dues_month")
        messages._raw_delete(messages.db)

    first, first_rss = _jobs("dues_assess", args.repeat, f"{month:%Y-%m}", before=unassess)
    again, again_rss = _jobs("dues_assess", args.repeat, f"{month:%Y-%m}")
    return [
        Figure(
            "dues_assess, first run of the month",
            [r["seconds"] for r in first],
            first[-1]["queries"],
            peak_rss_mb=first_rss,
            note=first[-1]["output"],
        ),
        Figure(
            "dues_assess, repeat (nothing new)",
            [r["seconds"] for r in again],
            again[-1]["queries"],
            peak_rss_mb=again_rss,
        ),
    ]


def measure_member_export(args) -> list[Figure]:
    from partybuild.models import Member

    rows = Member.objects.count()
    ours, rss = _jobs("member_export", args.repeat)
    anchor, anchor_rss = _jobs("write_only", args.repeat, str(rows))
    return [
        Figure(
            f"member export, {rows:,} rows",
            [r["seconds"] for r in ours],
            ours[-1]["queries"],
            anchor="openpyxl write_only, same rows × columns",
            anchor_seconds=[r["seconds"] for r in anchor],
            peak_rss_mb=rss,
            note=f"{rows / statistics.median(r['seconds'] for r in ours):,.0f} rows/s; "
            f"anchor {rows / statistics.median(r['seconds'] for r in anchor):,.0f} rows/s, "
            f"{anchor_rss:.0f} MB",
        )
    ]


def _import_file() -> tuple[Path, list[str]]:
    """A 20,000-row member workbook in the export's format (new people, full ID numbers), and
    the blind indexes of its ID numbers."""
    import datetime

    from openpyxl import Workbook

    from bench.generate import id_number_for, phone_for
    from partybuild.core.crypto import blind_index
    from partybuild.core.demo_names import demo_person_name
    from partybuild.excel.members import MEMBER_EXPORT_FIELDS, member_sheet_write
    from partybuild.models import Member, Organisation

    branches = list(Organisation.objects.filter(org_type="branch").order_by("path")[:700])
    members = []
    for number in range(IMPORT_ROWS):
        id_number, birth, male = id_number_for(60_000_000 + number)
        member = Member(
            name=demo_person_name(number=number, male=male),
            gender="male" if male else "female",
            birth_date=birth,
            phone=phone_for(60_000_000 + number),
            organisation=branches[number % len(branches)],
            category="full",
            education="bachelor",
            joined_on=datetime.date(min(birth.year + 25, 2021), 8, 1),
            confirmed_on=datetime.date(min(birth.year + 25, 2021) + 1, 8, 1),
            employer="慈利县人民医院",
        )
        member.id_number = id_number
        members.append(member)
    path = DATA / f"import-{IMPORT_ROWS}.xlsx"
    workbook = Workbook(write_only=True)
    special = {
        "pk": lambda member: None,
        "id_number_stored": lambda member: member.id_number,
        "organisation__name": lambda member: member.organisation.name,
        "organisation__code": lambda member: member.organisation.code,
    }
    readers = [
        special.get(field, lambda member, field=field: getattr(member, field))
        for field in MEMBER_EXPORT_FIELDS
    ]
    rows = ([read(member) for read in readers] for member in members)
    member_sheet_write(workbook.create_sheet("党员信息"), rows, reveal=True)
    workbook.save(path)
    return path, [blind_index(member.id_number) for member in members]


def measure_member_import(args) -> list[Figure]:
    from partybuild.core.crypto import blind_index, encrypt
    from partybuild.models import Member

    path, indexes = _import_file()

    def remove_imported() -> None:
        imported = Member.objects.filter(id_number_index__in=indexes)
        imported._raw_delete(imported.db)

    ours, rss = _jobs("member_import", args.repeat, str(path), before=remove_imported)
    remove_imported()
    anchor, _ = _jobs("read_only", args.repeat, str(path))
    crypto = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for number in range(IMPORT_ROWS):
            for value in (f"43082119800101{number:04d}", f"139{number:08d}"):
                encrypt(value)
                blind_index(value)
        crypto.append(time.perf_counter() - started)
    median = statistics.median(r["seconds"] for r in ours)
    return [
        Figure(
            f"member import, {IMPORT_ROWS:,} rows",
            [r["seconds"] for r in ours],
            ours[-1]["queries"],
            anchor="openpyxl read_only, same file",
            anchor_seconds=[r["seconds"] for r in anchor],
            peak_rss_mb=rss,
            note=f"{IMPORT_ROWS / median:,.0f} rows/s",
        ),
        Figure(
            "  of which Fernet + blind index (ID and phone)",
            crypto,
            note=f"{statistics.median(crypto) / median:.0%} of the import",
        ),
    ]


# --- HTTP -------------------------------------------------------------------------------------


def _timed_get(client, url: str, repeat: int) -> tuple[list[float], int, int, int]:
    """Times of ``repeat`` GETs after one unmeasured one; queries, status and size of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
    return times, len(queries), response.status_code, len(response.content)


def _http_figure(name, client, url, repeat, *, anchor=None, anchor_times=None) -> Figure:
    times, queries, status, size = _timed_get(client, url, repeat)
    note = f"GET {url} → {status}, {size:,} bytes"
    if status != 200:
        note += "  ← NOT 200"
    return Figure(name, times, queries, anchor=anchor, anchor_seconds=anchor_times or [], note=note)


def _deep_offset(members: int) -> int:
    return 90_000 if members > 100_000 - 1 else int(members * 0.9)


def _roster_cursor_at(position: int) -> str:
    """The member list's ``cursor`` that resumes after the member at ``position`` (0-based) of
    the root administrator's roster, as the previous page's ``next`` would give it."""
    from partybuild.api.roster_pagination import roster_cursor
    from partybuild.models import Member

    member = (
        Member.objects.select_related("organisation")
        .order_by("organisation__path", "name_sort_key", "pk")[position : position + 1]
        .get()
    )
    return roster_cursor(member)


def _clients():
    from django.test import Client
    from wagtail.models import APIToken

    from partybuild.models import User

    clients = {}
    for username, label in (("bench_root", "root admin"), ("bench_secretary", "branch secretary")):
        user = User.objects.get(username=username)
        _, token = APIToken.create_token(user=user, name="bench")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        admin = Client()
        admin.force_login(user)
        clients[label] = (api, admin)
    return clients


def measure_app_api(args) -> list[Figure]:
    from django.test import Client

    deep = _deep_offset(args.members)
    bare = Client()
    bare_first, _, _, _ = _timed_get(bare, "/bench/bare-members/", args.repeat)
    bare_deep, _, _, _ = _timed_get(bare, f"/bench/bare-members/?offset={deep}", args.repeat)
    figures = [
        Figure("bare JSON view, 20 members (anchor)", bare_first, 1),
        Figure(f"bare JSON view, offset={deep:,} (anchor)", bare_deep, 1),
    ]
    endpoints = [
        ("home", "/api/app/home/"),
        ("tasks", "/api/app/tasks/"),
        ("messages", "/api/app/messages/?limit=20"),
        ("notices", "/api/app/notices/?limit=20"),
        ("members, first page", "/api/app/members/?limit=20"),
        ("orgs", "/api/app/orgs/?limit=20"),
    ]
    for label, (api, _admin) in _clients().items():
        for name, url in endpoints:
            figures.append(
                _http_figure(
                    f"app API {name} ({label})",
                    api,
                    url,
                    args.repeat,
                    anchor="bare JSON view",
                    anchor_times=bare_first,
                )
            )
        if label == "root admin":
            from partybuild.api.roster_pagination import ROSTER_MAX_OFFSET

            offset = min(deep, ROSTER_MAX_OFFSET)
            figures.append(
                _http_figure(
                    f"app API members, offset={offset:,} ({label}; the deepest offset allowed)",
                    api,
                    f"/api/app/members/?limit=20&offset={offset}",
                    args.repeat,
                    anchor="bare JSON view",
                    anchor_times=bare_first,
                )
            )
            figures.append(
                _http_figure(
                    f"app API members, cursor at {deep:,} ({label})",
                    api,
                    f"/api/app/members/?limit=20&cursor={_roster_cursor_at(deep - 1)}",
                    args.repeat,
                    anchor="bare JSON view, same offset",
                    anchor_times=bare_deep,
                )
            )
    return figures


def _p99(seconds: list[float]) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure_roster_p99(args) -> list[Figure]:
    """The member list of a subtree, :data:`P99_REQUESTS` times each: the branch secretary's
    subtree and the whole tree, in the app API (first page) and in the admin (first page)."""
    figures = []
    for label, (api, admin) in _clients().items():
        for name, client, url in (
            ("app API members", api, "/api/app/members/?limit=20"),
            ("admin member list", admin, "/admin/members/"),
        ):
            times, queries, status, size = _timed_get(client, url, P99_REQUESTS)
            note = (
                f"p99 {_p99(times) * 1000:.1f} ms over {P99_REQUESTS} requests; "
                f"GET {url} → {status}, {size:,} bytes"
            )
            figures.append(Figure(f"{name}, p50 ({label})", times, queries, note=note))
    return figures


def measure_admin(args) -> list[Figure]:
    from django.utils import timezone

    from partybuild.core.dates import add_months

    deep_page = _deep_offset(args.members) // 50 + 1
    last_month = add_months(timezone.localdate().replace(day=1), -1)
    _api, admin = _clients()["root admin"]
    pages = [
        ("admin home (dashboard)", "/admin/"),
        ("admin member list, first page", "/admin/members/"),
        (f"admin member list, page {deep_page:,}", f"/admin/members/?p={deep_page}"),
        (f"admin dues report, whole tree, {last_month:%Y-%m}", f"/admin/dues/?period={last_month:%Y-%m}"),
        ("admin recruitment board", "/admin/candidates/board/"),
    ]  # fmt: skip
    return [_http_figure(f"{name} (root admin)", admin, url, args.repeat) for name, url in pages]


def measure_v2_list(args) -> list[Figure]:
    from django.test import Client

    client = Client()
    query = "?type=content.NewsPage&fields=date,summary&limit=20"
    stock, _, _, _ = _timed_get(client, f"/bench/api/v2/pages/{query}", args.repeat)
    return [
        Figure("stock Wagtail v2 PagesAPIViewSet (anchor)", stock),
        _http_figure(
            "v2 content list, 20 news pages",
            client,
            f"/api/v2/pages/{query}",
            args.repeat,
            anchor="stock PagesAPIViewSet",
            anchor_times=stock,
        ),
    ]


# --- report -----------------------------------------------------------------------------------


def _print(figures: list[Figure]) -> None:
    print(
        f"{'measurement':<52} {'median':>9} {'min–max':>17} {'queries':>7} "
        f"{'anchor':>9} {'ratio':>6}  peak RSS"
    )
    for figure in figures:
        anchor = (
            f"{statistics.median(figure.anchor_seconds) * 1000:8.1f}ms"
            if figure.anchor_seconds
            else ""
        )
        ratio = f"{figure.ratio:5.2f}×" if figure.ratio is not None else ""
        rss = f"{figure.peak_rss_mb:.0f} MB" if figure.peak_rss_mb else ""
        queries = "" if figure.queries is None else str(figure.queries)
        spread = f"{min(figure.seconds) * 1000:.1f}–{max(figure.seconds) * 1000:.1f}"
        print(
            f"{figure.name:<52} {figure.median * 1000:7.1f}ms {spread:>17} {queries:>7} "
            f"{anchor:>9} {ratio:>6}  {rss}"
        )
        if figure.note:
            print(f"{'':<4}{figure.note}")


def main() -> None:
    args = _arguments()
    only = [name for name in args.only.split(",") if name] or list(MEASUREMENTS)
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        sys.exit(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    url, exists = _database(args)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # Persistent connections, as a deployment runs (partysite.settings.base reads this).
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    import django

    django.setup()
    dataset = _dataset(args, exists)
    _analyse()
    figures: list[Figure] = []
    for name in only:
        print(f"measuring {name} …", flush=True)
        figures += globals()[f"measure_{name}"](args)
    print()
    _print(figures)
    results = {
        "db": args.db,
        "members": args.members,
        "repeat": args.repeat,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "dataset": dataset,
        "figures": [
            {**asdict(figure), "median": figure.median, "ratio": figure.ratio} for figure in figures
        ],
    }
    subset = f"-{'+'.join(only)}" if args.only else ""
    out = DATA / f"results-{args.db}-{args.members}{subset}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
