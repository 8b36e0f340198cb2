"""The committee handler's home page under ``cProfile``: CPU time and query count per request, and where the time
goes. For a loaded machine, where wall-clock says little: compare CPU totals and query counts of two runs made
one after the other on the same database.

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_home.py --runs 50 [--user donghu] [--top 25] [--plain]

``--plain`` times the requests without the profiler (its overhead roughly doubles the CPU time).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from xinfang.accounts.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--user", default="donghu")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true", help="print the queries of one request")
    parser.add_argument("--plain", action="store_true", help="time without cProfile (CPU and wall only)")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.user))
    for _ in range(5):  # warm-up: templates, URL resolvers, the registries
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    queries = len(captured.captured_queries)
    if args.sql:
        for q in captured.captured_queries:
            print(f"{q['time']}  {q['sql'][:300]}")
    if args.plain:
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.runs):
            client.get("/")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"{args.user} home page: {queries} queries; {args.runs} runs: "
            f"CPU {cpu * 1000 / args.runs:.1f} ms/request, wall {wall * 1000 / args.runs:.1f} ms/request"
        )
        return
    profile = cProfile.Profile()
    cpu, wall = time.process_time(), time.perf_counter()
    profile.enable()
    for _ in range(args.runs):
        client.get("/")
    profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stats = pstats.Stats(profile)
    print(
        f"{args.user} home page: {queries} queries; {args.runs} runs under cProfile: "
        f"CPU {cpu * 1000 / args.runs:.1f} ms/request, wall {wall * 1000 / args.runs:.1f} ms/request, "
        f"{stats.total_calls / args.runs:,.0f} function calls/request"  # type: ignore[attr-defined]
    )
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
