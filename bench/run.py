"""make bench: build a benchmark database per backend (1,000,000 petitions by default) and measure it.

    python bench/run.py [--petitions N] [--backends sqlite,postgresql] [--runs 200]

Each kit ledger (xinfang/ledgerkit) is filled to --ledger-rows records (100,000) and its list measured too.
The databases are kept (bench/bench.sqlite3 and the PostgreSQL database xinfang_bench), so a second run only
measures. Figures are printed; nothing is asserted: targets live here, not in unit tests.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/xinfang_bench")


def backend_env(backend: str) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if backend == "sqlite":
        env["SQLITE_PATH"] = str(ROOT / "bench" / "bench.sqlite3")
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'xinfang_bench'").fetchone():
                conn.execute("CREATE DATABASE xinfang_bench")
        env["DATABASE_URL"] = PG_BENCH_URL
    env["LOGIN_LIMIT_ENABLED"] = "0"
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=int(os.environ.get("BENCH_PETITIONS", 1_000_000)))
    parser.add_argument("--backends", default=os.environ.get("BENCH_BACKENDS", "sqlite,postgresql"))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--ledger-rows", type=int, default=int(os.environ.get("BENCH_LEDGER_ROWS", 100_000))
    )  # each kit ledger's records (manage.py ledger_bench_rows)
    args = parser.parse_args()
    for backend in args.backends.split(","):
        print(f"\n=== {backend}: {args.petitions:,} petitions ===", flush=True)
        env = backend_env(backend)
        manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage(env, "demo_data", "--petitions", str(args.petitions))
        print(f"demo_data: {time.monotonic() - started:.0f} s", flush=True)
        manage(env, "ledger_bench_rows", "--rows", str(args.ledger_rows))
        manage(env, "unions_bench_rows", "--rows", str(args.ledger_rows))  # the unions list (no kit ledger)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "measure.py"), "--runs", str(args.runs)],
            env=env,
            check=True,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
