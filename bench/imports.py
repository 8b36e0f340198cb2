"""Time an import: a persons file of N rows (10,000 by default), or a petitions file, into a fresh installation,
on each backend.

    .venv/bin/python bench/imports.py [--rows 10000] [--backends sqlite,postgresql]
    .venv/bin/python bench/imports.py --kind petitions --rows 100000 --backends sqlite

A petitions file: 90 % of the rows with an ID number, of which two thirds historical (concluded, half of them
rated), the rest live work; imported as a registrar of the federation (``--user``).

Each backend gets an empty database (bench/imports.sqlite3, the PostgreSQL database xinfang_bench_imports, both
made anew), the organisation tree from an orgs file (the command line, as a new installation does), then the
persons file three times: ``--dry-run`` (the check alone, the page's preview), the real import (the check again,
then the save in one transaction) and the same file again (nothing added). Times are wall-clock seconds of
``manage.py import_records`` as a process, start-up included. Nothing is asserted.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xinfang.lib.idnumber import make_id_number  # noqa: E402

PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_IMPORTS_URL", "postgres://postgres@127.0.0.1:5432/xinfang_bench_imports")


def workbook(path: Path, headers: list[str], rows) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("导入数据")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def persons(n: int):
    born = date(1960, 1, 1)
    for i in range(n):
        number = make_id_number("440303", born + timedelta(days=i // 900), i % 900)
        yield [f"职工{i}", number, f"138{i:08d}", "", f"深圳市罗湖区某路{i}号", "", ""]


PETITION_HEADERS = [
    "信访编号", "收到时间", "渠道", "信访类型", "诉求类别", "信访人", "身份证号", "联系电话", "被反映单位",
    "信访请求", "事实", "理由", "处理意见", "答复日期", "满意度评价",
]  # fmt: skip


def petitions(n: int):
    start = date(2020, 1, 1)
    born = date(1960, 1, 1)
    for i in range(n):
        received = start + timedelta(days=i % 2000)
        number = make_id_number("440303", born + timedelta(days=i // 900), i % 900) if i % 10 else None
        concluded = bool(i % 10 and i % 3)
        replied = received + timedelta(days=30 + i % 90) if concluded else None
        yield [
            None, f"{received} 09:30", "来访", "申诉求决类", "劳动报酬／拖欠工资", f"职工{i}", number,
            f"138{i:08d}", f"单位{i % 3000}" if i % 4 else None, "要求支付拖欠工资。", "单位拖欠三个月工资。",
            "依法应按月足额支付工资。", "支持" if concluded else None, str(replied) if replied else None,
            "满意" if concluded and i % 2 else None,
        ]  # fmt: skip


USER = (
    "from xinfang.accounts.models import User, Role; from xinfang.orgs.models import Org; "
    "User.objects.create_user(username='bench', password='x', name='bench', role=Role.REGISTRAR, "
    "org=Org.objects.get(code='440303'))"
)


def environment(backend: str) -> dict:
    env = dict(os.environ, LOGIN_LIMIT_ENABLED="0")
    env.pop("DATABASE_URL", None)
    if backend == "sqlite":
        path = ROOT / "bench" / "imports.sqlite3"
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        env["SQLITE_PATH"] = str(path)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS xinfang_bench_imports")
            conn.execute("CREATE DATABASE xinfang_bench_imports")
        env["DATABASE_URL"] = PG_URL
    return env


def timed(env: dict, *args: str) -> float:
    """Wall-clock seconds of the command, and its CPU seconds (user + system: what the wall-clock time would be
    on an idle machine, less the waits on the database and the disk)."""
    started, cpu = time.monotonic(), _children_cpu()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    elapsed, used = time.monotonic() - started, _children_cpu() - cpu
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    print(
        f"  {' '.join(args[:2] + args[3:])}: {elapsed:.1f} s (CPU {used:.1f} s)  {result.stdout.strip().splitlines()[-1]}"
    )
    return elapsed


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--kind", default="persons", choices=("persons", "petitions"))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="xinfang-bench-imports-"))
    orgs = workbook(
        folder / "orgs.xlsx",
        ["组织代码", "名称", "类型", "上级组织", "信访编号前缀"],
        [
            ["440303", "罗湖区总工会", "区总工会", "", "罗工信"],
            ["440303-01", "东湖街道工委会", "工委会", "440303", ""],
        ],
    )
    if args.kind == "petitions":
        return bench_petitions(args, folder, orgs)
    people = workbook(
        folder / "persons.xlsx",
        ["姓名", "身份证号", "联系电话", "性别", "住址", "工作单位", "登记组织"],
        persons(args.rows),
    )
    print(f"{args.rows:,} persons rows, {people.stat().st_size / 1024:.0f} KB")
    for backend in args.backends.split(","):
        print(f"=== {backend} ===")
        env = environment(backend)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, cwd=ROOT, check=True
        )
        timed(env, "import_records", "orgs", str(orgs))
        timed(env, "import_records", "persons", str(people), "--org", "440303-01", "--dry-run")
        timed(env, "import_records", "persons", str(people), "--org", "440303-01")
        timed(env, "import_records", "persons", str(people), "--org", "440303-01")


def bench_petitions(args, folder: Path, orgs: Path) -> None:
    started = time.monotonic()
    path = workbook(folder / "petitions.xlsx", PETITION_HEADERS, petitions(args.rows))
    print(
        f"{args.rows:,} petitions rows, {path.stat().st_size / 1024:.0f} KB (written in {time.monotonic() - started:.0f} s)"
    )
    for backend in args.backends.split(","):
        print(f"=== {backend} ===")
        env = environment(backend)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        timed(env, "import_records", "orgs", str(orgs))
        subprocess.run([*manage, "shell", "-c", USER], env=env, cwd=ROOT, check=True)
        timed(env, "import_records", "petitions", str(path), "--user", "bench", "--dry-run")
        timed(env, "import_records", "petitions", str(path), "--user", "bench")
        timed(env, "import_records", "petitions", str(path), "--user", "bench")


if __name__ == "__main__":
    main()
