"""Server time of the petition pages against the same SQL run raw. Called by bench/run.py.

Each request goes through the whole Django stack (middleware, session, view, template) with the test client;
its queries are captured and then replayed as raw SQL on the same connection, so the ratio is the framework's
share on top of the database's work, measured side by side on the same machine at the same moment.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinfang.accounts.models import User  # noqa: E402
from xinfang.ledgerkit.declaration import ledgers  # noqa: E402
from xinfang.ledgerkit.listing import PAGE_SIZE as KIT_PAGE_SIZE  # noqa: E402
from xinfang.ledgerkit.listing import filtered, for_list  # noqa: E402
from xinfang.lib.keyset import paginate, paginate_parts  # noqa: E402
from xinfang.orgs.models import Employer  # noqa: E402
from xinfang.petitions.models import Category, Petition  # noqa: E402
from xinfang.petitions.views.pages import PAGE_SIZE  # noqa: E402


def replay(queries) -> float:
    """The queries run again as they were run: a statement the request ran prepared (``lib/compiled.py``, on
    PostgreSQL) runs prepared here too, from a plan kept the same way."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for q in queries:
            if q.get("prepared"):
                _run_prepared(q["sql"])
                continue
            cursor.execute(q["sql"])
            if cursor.description:
                cursor.fetchall()
    return time.perf_counter() - started


def on_a_new_connection(request):
    """The request as the first one of a new database connection: no statement kept or prepared."""
    from xinfang.lib import compiled

    connection.close()
    compiled.clear()
    return request()


def _run_prepared(sql: str) -> None:
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, prepare=True)
        cursor.fetchall()


def summarise(name: str, queries: int, server: list[float], raw: list[float]) -> dict:
    """Print one row: p50 and p95 of the server times and of the raw SQL times, and the ratio of the p95s."""

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1]

    row = {"name": name, "p95": p95(server), "raw_p95": p95(raw)}
    row["ratio"] = row["p95"] / row["raw_p95"]
    print(
        f"{name:<28} {queries:>3} {statistics.median(server):>8.1f} {row['p95']:>8.1f} "
        f"{statistics.median(raw):>8.1f} {row['raw_p95']:>8.1f} {row['ratio']:>6.1f}×",
        flush=True,
    )
    return row


def measure(name: str, runs: int, request, rollback: bool = False) -> dict:
    server, raw = [], []
    for i in range(runs + 5):
        connection.queries_log.clear()  # the log keeps 9,000 queries; the capture must not run past it
        with CaptureQueriesContext(connection) as captured:
            if rollback:
                with transaction.atomic():
                    started = time.perf_counter()
                    response = request(i)
                    elapsed = time.perf_counter() - started
                    transaction.set_rollback(True)
            else:
                started = time.perf_counter()
                response = request(i)
                elapsed = time.perf_counter() - started
        assert response.status_code in (200, 302), (name, response.status_code)
        queries = list(captured.captured_queries)
        if rollback and queries and queries[0]["sql"].startswith("BEGIN"):
            queries = queries[1:]  # the benchmark's own transaction; the replay opens its own
        if rollback:
            with transaction.atomic():
                raw_elapsed = replay(queries)
                transaction.set_rollback(True)
        else:
            raw_elapsed = replay(queries)
        if i >= 5:  # warm-up
            server.append(elapsed * 1000)
            raw.append(raw_elapsed * 1000)
    return summarise(name, len(queries), server, raw)


def measure_orm(name: str, runs: int, user, filters: dict) -> dict:
    """The list's main query through the ORM (fetch and build instances) against the same SQL fetched raw: one
    query per part of the scope (owned; assigned but not owned), as the list runs them."""
    parts = [p.matching(user, **filters).for_list() for p in Petition.objects.visible_parts(user)]
    statements = [p.order_by("-received_at", "-pk")[: PAGE_SIZE + 1].query.sql_with_params() for p in parts]
    orm, raw = [], []
    for i in range(runs + 5):
        started = time.perf_counter()
        page = paginate_parts([p.all() for p in parts], field="received_at", cursor=None, size=PAGE_SIZE)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
        raw_elapsed = time.perf_counter() - started
        if i >= 5:
            orm.append(elapsed * 1000)
            raw.append(raw_elapsed * 1000)
    assert page.items
    return summarise(name, 1, orm, raw)


def kit_ledger_rows(runs: int, fed: Client, com: Client) -> list[dict]:
    """Each kit ledger's list page (first page, next page, filtered by its first choice filter, the committee
    user's first page) and its API list, against the same SQL run raw."""
    return [row for ledger in ledgers() for row in measure_ledger(ledger, runs, fed, com)]


def measure_ledger(ledger, runs: int, fed: Client, com: Client) -> list[dict]:
    url, api_url = f"/{ledger.key}/", f"/api/v1/{ledger.key}"
    first = for_list(ledger, filtered(ledger, User.objects.get(username="dengji"), {}))
    second = paginate(first, field=ledger.date_field, cursor=None, size=KIT_PAGE_SIZE).next_cursor
    choice = next(
        (
            {name: str(f.extra["choices"][0][0])}
            for name, f in ledger.filterset.base_filters.items()
            if f.extra.get("choices")
        ),
        {},
    )
    print(f"-- {ledger.key}: {ledger.model._default_manager.count():,} records")
    rows = [
        measure(f"{ledger.key} list (区总)", runs, lambda i: fed.get(url)),
        measure(f"{ledger.key} list, next page", runs, lambda i: fed.get(url, {"cursor": second})),
        measure(f"{ledger.key} list, filtered", runs, lambda i: fed.get(url, choice)),
        measure(f"{ledger.key} list (工委会)", runs, lambda i: com.get(url)),
        measure(
            f"{ledger.key} totals (区总)",
            runs,
            lambda i: fed.get(url, {"totals": "1"}, HTTP_HX_REQUEST="true"),
        ),
        measure(f"{ledger.key} api list", runs, lambda i: fed.get(api_url)),
    ]
    return rows


def queue_breakdown(user, runs: int) -> None:
    """Each home-page queue of the user alone, or each group of queues read together (``Queue.read_group``), as
    the home page reads them: which one costs what."""
    from xinfang.inbox.queues import queues_for, read_queues

    print(f"\nthe home page's queues of {user.username}, one by one or group by group (ms)")
    groups: dict = {}
    for queue in queues_for(user):
        groups.setdefault(queue.read_group or queue.key, []).append(queue)
    for queues in groups.values():
        times = []
        for i in range(runs + 5):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                shown = read_queues(queues, user)
                elapsed = time.perf_counter() - started
            if i >= 5:
                times.append(elapsed * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        title = " + ".join(q.title for q in queues)
        counts = ", ".join(count for _, count, _ in shown)
        print(
            f"  {title[:40]:<40} {len(captured):>3} q  p50 {statistics.median(times):6.1f}  p95 {p95:6.1f}  ({counts})"
        )


def unions_rows(runs: int, fed: Client, com: Client) -> list[dict]:
    """The unions list (its own pages, not the kit's): first and next page, a filter, a committee, the API."""
    from xinfang.unions.models import GrassrootsUnion

    first = GrassrootsUnion.objects.visible_to(User.objects.get(username="dengji")).for_list()
    second = paginate(first, field="founded_on", cursor=None, size=50).next_cursor
    print(f"-- unions: {GrassrootsUnion.objects.count():,} records")
    return [
        measure("unions list (区总)", runs, lambda i: fed.get("/unions/")),
        measure("unions list, next page", runs, lambda i: fed.get("/unions/", {"cursor": second})),
        measure("unions list, filtered", runs, lambda i: fed.get("/unions/", {"kind": "joint"})),
        measure("unions list (工委会)", runs, lambda i: com.get("/unions/")),
        measure("unions api list", runs, lambda i: fed.get("/api/v1/unions")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--only-kit", action="store_true", help="measure the kit ledgers' lists only")
    parser.add_argument("--only", default="", help="measure only the scenarios whose name contains this")
    parser.add_argument("--only-unions", action="store_true", help="measure the unions list only")
    args = parser.parse_args()
    runs, only = args.runs, args.only
    federation_user = User.objects.get(username="dengji")
    committee_user = User.objects.get(username="donghu")
    fed, com = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    fed.force_login(federation_user)
    com.force_login(committee_user)
    total = Petition.objects.count()
    max_pk = Petition.objects.aggregate(m=Max("pk"))["m"]
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
    rng = random.Random(1)
    category = Category.objects.filter(parent__isnull=False).first()
    first = Petition.objects.visible_to(federation_user).for_list()
    employer_ids = list(Employer.objects.values_list("pk", flat=True)[:500])
    second_page = paginate(first, field="received_at", cursor=None, size=PAGE_SIZE).next_cursor

    print(
        f"{connection.vendor}, {total:,} petitions, {runs} runs each; times in ms (server = full Django request)"
    )
    print(f"{'scenario':<28} {'q':>3} {'p50':>8} {'p95':>8} {'raw p50':>8} {'raw p95':>8} {'ratio':>7}")
    if args.only_unions:
        report(unions_rows(runs, fed, com))
        return
    kit_rows = [] if only else kit_ledger_rows(runs, fed, com) + unions_rows(runs, fed, com)
    if args.only_kit:  # beside them, an existing list measured at the same moment, for comparison
        kit_rows.append(
            measure("consultations (区总), reference", runs, lambda i: fed.get("/consultations/"))
        )
        report(kit_rows)
        return
    scenarios = [
        ("list, first page (区总)", runs, lambda i: fed.get("/petitions/")),
        ("list, next page (区总)", runs, lambda i: fed.get("/petitions/", {"cursor": second_page})),
        (
            "list, filtered (区总)",
            runs,
            lambda i: fed.get(
                "/petitions/", {"channel": "visit", "kind": "claim", "received_from": year_ago}
            ),
        ),
        ("list, first page (工委会)", runs, lambda i: com.get("/petitions/")),
        ("list, text search (区总)", runs, lambda i: fed.get("/petitions/", {"q": "鸿寅"})),
        ("petition page (区总)", runs, lambda i: fed.get(f"/petitions/{rng.randint(1, max_pk)}/")),
        ("api list (区总)", runs, lambda i: fed.get("/api/v1/petitions")),
        ("home page (区总 登记员)", runs, lambda i: fed.get("/")),
        ("home page (工委会 承办人)", runs, lambda i: com.get("/")),
        # The worst case of the kept statements: a worker's new connection, nothing compiled or prepared yet.
        ("new connection, home (工委会)", runs, lambda i: on_a_new_connection(lambda: com.get("/"))),
        ("mediation list (区总)", runs, lambda i: fed.get("/mediations/")),
        ("consultations (区总)", runs, lambda i: fed.get("/consultations/")),
        ("employer page (区总)", runs, lambda i: fed.get(f"/employers/{rng.choice(employer_ids)}/")),
        (
            "registration (POST)",
            max(runs // 4, 20),
            lambda i: fed.post(
                "/petitions/new/",
                {
                    "channel": "visit",
                    "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                    "source": "direct",
                    "people_count": "1",
                    "kind": "claim",
                    "category": str(category.pk),
                    "request": "要求支付工资",
                    "facts": "拖欠两个月工资",
                    "reasons": "依法应支付",
                    "p-TOTAL_FORMS": "1",
                    "p-INITIAL_FORMS": "0",
                    "p-MIN_NUM_FORMS": "1",
                    "p-MAX_NUM_FORMS": "50",
                    "p-0-name": f"测试{i}",
                    "p-0-role": "main",
                    "p-0-phone": "13800000000",
                },
            ),
            {"rollback": True},
        ),
    ]
    rows = [
        measure(name, *rest[:2], **(rest[2] if len(rest) > 2 else {}))
        for name, *rest in scenarios
        if only in name
    ]
    home_rows = [row for row in rows if row["name"].startswith("home page")]
    print("\ntarget: the home page p95 < 50 ms")
    for row in home_rows:
        print(f"  {'met ' if row['p95'] < 50 else 'MISSED'} {row['name']}: p95 {row['p95']:.1f} ms")
    if home_rows:
        queue_breakdown(committee_user, runs)
    if only:
        return
    print("\nthe list query alone: ORM (queryset, model instances) against its own SQL run raw")
    orm_rows = [
        measure_orm("list query (区总)", runs, federation_user, {}),
        measure_orm(
            "list query filtered (区总)",
            runs,
            federation_user,
            {
                "channel": "visit",
                "kind": "claim",
                "received_from": timezone.localdate() - timedelta(days=365),
            },
        ),
        measure_orm("list query (工委会)", runs, committee_user, {}),
    ]
    report(rows + orm_rows + kit_rows)


def report(rows: list[dict]) -> None:
    print("\ntarget: list and petition page p95 < 50 ms and within 2× of raw SQL")
    for row in rows:
        if row["name"].startswith(("list", "petition page")) or " list" in row["name"]:
            ok = row["p95"] < 50 and row["ratio"] <= 2
            print(
                f"  {'met ' if ok else 'MISSED'} {row['name']}: p95 {row['p95']:.1f} ms, {row['ratio']:.1f}× raw"
            )


if __name__ == "__main__":
    main()
