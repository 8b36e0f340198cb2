"""A bounded load test, and a crash test, against a real server (gunicorn, as ``make serve`` runs it).

    .venv/bin/python bench/load.py --users 100 --duration 120              # staff at their desks (1-3 s think time)
    .venv/bin/python bench/load.py --users 10 --duration 60 --think 0      # throughput
    .venv/bin/python bench/load.py --users 20 --duration 40 --crash        # kill -9 the server halfway, restart

The script builds its own installation (a database named by ``--database``: ``postgresql`` uses the local
database ``xinfang_load``, ``sqlite`` the file ``bench/load.sqlite3``; demo data with ``--petitions`` petitions,
kept between runs), issues API tokens for the demo registrar and handler, starts gunicorn on 127.0.0.1 (loopback
only), runs virtual users for ``--duration`` seconds and stops by itself. Each virtual user signs in as a demo user
and repeats a mix of requests: the petition list, a petition's page, the home page, a registration (API), an intake
decision on a petition it registered (API), a mediation export. Afterwards it checks the database: the petitions
added are exactly the registrations answered 201 (with ``--crash``: every one answered 201 is there, and none is
half-written), and this year's numbers are gap-free. Prints p50/p95 per request kind and requests per second.
Nothing is asserted by a test runner: the exit code is 1 when a check fails or a request errs.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_LOAD_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/xinfang_load")
PASSWORD = "xinfang2026"
DESK_USERS = ["dengji", "chengban", "fuze", "lingdao", "donghu", "qingshuihe"]
BEIJING = timezone(timedelta(hours=8))
MIX = [("list", 30), ("petition", 30), ("home", 15), ("register", 10), ("step", 10), ("export", 5)]


def environment(database: str) -> dict:
    env = dict(os.environ, DEBUG="false", STATIC_ROOT=str(ROOT / "bench" / "load-static"))
    env["PRIVATE_FILES_ROOT"] = str(ROOT / "bench" / "load-files")
    env.pop("DATABASE_URL", None)
    if database == "sqlite":
        env["SQLITE_PATH"] = str(ROOT / "bench" / "load.sqlite3")
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'xinfang_load'").fetchone():
                conn.execute("CREATE DATABASE xinfang_load")
        env["DATABASE_URL"] = PG_LOAD_URL
    return env


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


# Read the database through Django in a child process, as the server sees it.
FACTS = """
import json
from django.utils import timezone
from xinfang.petitions.models import Category, Petition, PetitionEvent
year = timezone.localdate().year
seqs = list(Petition.objects.filter(year=year).values_list("seq", flat=True))
print(json.dumps({
    "count": Petition.objects.count(),
    "category": Category.objects.filter(parent__isnull=False, is_active=True).order_by("pk").values_list("pk", flat=True).first(),
    "sample": list(Petition.objects.order_by("-pk").values_list("pk", flat=True)[:500]),
    "year_seqs": [len(seqs), len(set(seqs)), max(seqs) if seqs else 0],
    "without_petitioners": Petition.objects.filter(petitioners__isnull=True).count(),
    "without_event": Petition.objects.exclude(pk__in=PetitionEvent.objects.filter(kind="registered").values("petition_id")).count(),
}))
"""

NUMBERS = """
import json, sys
from xinfang.petitions.models import Petition
wanted = json.load(open(sys.argv[-1] if False else "{path}"))
found = set(Petition.objects.filter(number__in=wanted).values_list("number", flat=True))
print(json.dumps(sorted(set(wanted) - found)))
"""


def facts(env: dict) -> dict:
    return json.loads(manage(env, "shell", "-c", FACTS).strip().splitlines()[-1])


def prepare(env: dict, petitions: int) -> dict[str, str]:
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    if facts(env)["count"] < petitions:
        print(f"building demo data ({petitions} petitions) …", flush=True)
        manage(env, "demo_data", "--petitions", str(petitions))
    return {
        user: manage(env, "issue_api_token", user, "--name", "负载测试", "--days", "1").strip()
        for user in ("dengji", "chengban")
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            GUNICORN,
            "xinfang.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the crash test kills master and workers at once
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)  # numbers answered 201
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.times.setdefault(kind, []).append(seconds)
            else:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {error}")


class VirtualUser(threading.Thread):
    def __init__(
        self, n: int, base: str, tokens: dict, facts: dict, results: Results, until: float, think, crash
    ):
        super().__init__(daemon=True)
        self.n, self.base, self.tokens, self.facts, self.results = n, base, tokens, facts, results
        self.until, self.think, self.crash = until, think, crash
        self.username = DESK_USERS[n % len(DESK_USERS)]
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.mine: list[int] = []  # petitions this user registered and may decide
        self.rng = random.Random(n)

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def login(self) -> None:
        _, page = self.request("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {
            "username": self.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
        }
        self.request(
            "/accounts/login/",
            urllib.parse.urlencode(form).encode(),
            {"Referer": self.base + "/accounts/login/"},
        )

    def run(self) -> None:
        if not self.crash:  # the crash test registers through the API only: no session needed
            try:
                self.login()
            except OSError as e:
                self.results.record("login", 0, str(e))
                return
        kinds, weights = zip(*MIX, strict=True)
        while time.monotonic() < self.until:
            kind = "register" if self.crash else self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                error = getattr(self, f"do_{kind}")()
            except OSError as e:  # refused or reset: the crash test's window, or a real fault
                error = f"{type(e).__name__}: {e}"
                if self.crash:
                    time.sleep(0.2)
            self.results.record(kind, time.perf_counter() - started, error)
            if self.think:
                time.sleep(self.rng.uniform(*self.think))

    def _expect(self, status: int, body: bytes, ok=(200,)) -> str | None:
        return None if status in ok else f"HTTP {status} {body[:200]!r}"

    def do_list(self):
        return self._expect(*self.request("/petitions/"))

    def do_home(self):
        return self._expect(*self.request("/"))

    def do_petition(self):
        pk = self.rng.choice(self.facts["sample"])
        status, body = self.request(f"/petitions/{pk}/")
        return None if status in (200, 404) else f"HTTP {status}"  # 404: outside this user's scope

    def do_export(self):
        return self._expect(*self.request("/mediations/export/"))

    def _api(self, user: str, path: str, payload: dict):
        headers = {"Authorization": f"Bearer {self.tokens[user]}", "Content-Type": "application/json"}
        return self.request("/api/v1" + path, json.dumps(payload, ensure_ascii=False).encode(), headers)

    def do_register(self):
        received = datetime.now(BEIJING) - timedelta(minutes=30)
        payload = {
            "channel": "phone",
            "received_at": received.isoformat(timespec="seconds"),
            "kind": "claim",
            "category_id": self.facts["category"],
            "request": "要求支付拖欠的工资。",
            "facts": "单位自上月起未发工资。",
            "reasons": "工资应按月足额支付。",
            "petitioners": [
                {"name": f"测试{self.n}号", "phone": f"139{self.n:04d}{self.rng.randrange(10000):04d}"}
            ],
        }
        status, body = self._api("dengji", "/petitions", payload)
        if status != 201:
            return f"HTTP {status} {body[:200]!r}"
        created = json.loads(body)
        with self.results.lock:
            self.results.registered.append(created["number"])
        self.mine.append(created["id"])
        return None

    def do_step(self):
        if not self.mine:
            return self.do_register()
        pk = self.mine.pop()
        status, body = self._api(
            "chengban", f"/petitions/{pk}/intake-decision", {"version": 1, "decision": "accept"}
        )
        return self._expect(status, body)


def report(results: Results, seconds: float) -> None:
    print(f"{'kind':<10}{'count':>8}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}")
    total = 0
    for kind, _ in [*MIX, ("login", 0)]:
        times = sorted(results.times.get(kind, []))
        errors = results.errors.get(kind, 0)
        if not times and not errors:
            continue
        total += len(times)
        p50 = statistics.median(times) * 1000 if times else 0
        p95 = (
            times[int(len(times) * 0.95) - 1] * 1000
            if len(times) >= 20
            else (max(times) * 1000 if times else 0)
        )
        print(f"{kind:<10}{len(times):>8}{errors:>8}{p50:>10.1f}{p95:>10.1f}")
    print(f"requests answered: {total} in {seconds:.0f} s = {total / seconds:.1f} per second")
    for sample in results.error_samples:
        print("  error:", sample)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--petitions", type=int, default=3000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--think", default="1-3", help="think time range in seconds, e.g. 1-3, or 0")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--crash", action="store_true", help="kill -9 the server halfway and restart it")
    args = parser.parse_args()
    think = None if args.think in ("0", "") else tuple(float(x) for x in args.think.split("-"))

    env = environment(args.database)
    tokens = prepare(env, args.petitions)
    before = facts(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, args.workers)
    results = Results()
    started = time.monotonic()
    until = started + args.duration
    users = [
        VirtualUser(n, base, tokens, before, results, until, think, args.crash) for n in range(args.users)
    ]
    for u in users:
        u.start()
    killed_at = None
    try:
        if args.crash:
            time.sleep(args.duration / 2)
            os.killpg(server.pid, signal.SIGKILL)
            killed_at = len(results.registered)
            server.wait()
            print(
                f"server killed with SIGKILL after {killed_at} acknowledged registrations; restarting",
                flush=True,
            )
            server = start_server(env, port, args.workers)
        for u in users:
            u.join(timeout=max(0.0, until - time.monotonic()) + 35)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    elapsed = time.monotonic() - started
    print(
        f"{args.database}, {args.users} users, think {args.think} s, {args.workers} workers, {elapsed:.0f} s"
        " (server, database and load share this machine's cores)"
    )
    report(results, elapsed)

    after = facts(env)
    ok = True
    added = after["count"] - before["count"]
    acknowledged = len(results.registered)
    count, distinct, top = after["year_seqs"]
    gap_free = count == distinct == top
    print(
        f"petitions added {added}, registrations answered 201: {acknowledged}; this year's numbers "
        f"{'gap-free' if gap_free else 'NOT gap-free'} (1…{top}, {count} petitions)"
    )
    print(
        f"petitions without petitioners: {after['without_petitioners']}, without their registration event: "
        f"{after['without_event']}"
    )
    ok &= gap_free and after["without_petitioners"] == 0 and after["without_event"] == 0
    if args.crash:
        path = ROOT / "bench" / "load-acknowledged.json"
        path.write_text(json.dumps(results.registered), encoding="utf-8")
        missing = json.loads(
            manage(env, "shell", "-c", NUMBERS.replace("{path}", str(path))).strip().splitlines()[-1]
        )
        print(
            f"acknowledged but missing after the crash: {len(missing)}; committed but never acknowledged "
            f"(the answers lost with the server): {added - acknowledged + len(missing)}"
        )
        # The kill must have fallen among registrations: some answered before it and some after the restart.
        print(
            f"registrations answered 201 before the kill: {killed_at}, after the restart: {acknowledged - (killed_at or 0)}"
        )
        ok &= not missing and added >= acknowledged and 0 < (killed_at or 0) < acknowledged
        if args.database == "sqlite":
            import sqlite3

            check = sqlite3.connect(env["SQLITE_PATH"]).execute("PRAGMA integrity_check").fetchone()[0]
            print(f"PRAGMA integrity_check: {check}")
            ok &= check == "ok"
    else:
        ok &= added == acknowledged and not results.errors
    print("RESULT:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
