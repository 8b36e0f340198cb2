"""The committee handler's home page warm, after a rollback on its connection, and on a new connection: what the
kept, prepared statements (``xinfang/lib/compiled.py``) save, and what they can't. Wall-clock per request.

    DATABASE_URL=postgres://… ALLOWED_HOSTS=127.0.0.1,testserver .venv/bin/python bench/home_connections.py [--runs 60]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from xinfang.accounts.models import User  # noqa: E402
from xinfang.lib import compiled  # noqa: E402


def rollback() -> None:
    """Something on the connection rolls back (psycopg then drops the connection's prepared statements)."""
    with transaction.atomic():
        transaction.set_rollback(True)


def new_connection() -> None:
    connection.close()
    compiled.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--user", default="donghu")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.user))
    for _ in range(5):
        assert client.get("/").status_code == 200
    for name, before in (
        ("warm", lambda: None),
        ("after a rollback", rollback),
        ("new connection", new_connection),
    ):
        times = []
        for _ in range(args.runs):
            before()
            started = time.perf_counter()
            assert client.get("/").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{args.user} home page, {name:<17} p50 {statistics.median(times):6.1f}  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
