"""Backup and restore of an installation: the database and the private files, with a manifest of checksums.

A backup is a folder:

    manifest.json   format, time, database vendor, row count of every table, SHA-256 of every file
    db.sqlite3      SQLite: a consistent copy taken with SQLite's online backup API
    db.pgdump       PostgreSQL: ``pg_dump --format=custom`` of one exported snapshot (the row counts come from it)
    files/          a copy of PRIVATE_FILES_ROOT

The database is copied first and the files after it. Files are only ever added (a generated document or an
attachment is a new file), so every file the copied database names is in the copy; a file added meanwhile is an
unused extra.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Chinese."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    if root.exists():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def backup(out: Path) -> dict:
    """Write a backup of this installation into ``out`` (which must not exist or be empty); returns the manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"备份目录 {out} 不是空目录。")
    out.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    vendor = connection.vendor
    if vendor == "sqlite":
        target = sqlite3.connect(out / "db.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        copy = sqlite3.connect(out / "db.sqlite3")
        try:
            tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            counts = _counts(copy.cursor(), [t for t in tables if not t.startswith("sqlite_")])
        finally:
            copy.close()
        db_file = "db.sqlite3"
    elif vendor == "postgresql":
        db_file = "db.pgdump"
        counts = _pg_dump(out / db_file)
    else:
        raise BackupError(f"不支持的数据库：{vendor}。")
    root = Path(settings.PRIVATE_FILES_ROOT)
    files = {}
    for path in _files(root):
        rel = path.relative_to(root).as_posix()
        dest = out / "files" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
        files[rel] = sha256(dest)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(),
        "vendor": vendor,
        "database": {"file": db_file, "sha256": sha256(out / db_file)},
        "tables": counts,
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _pg_dump(path: Path) -> dict[str, int]:
    """Dump one exported snapshot and count the rows of that same snapshot."""
    import psycopg

    env = _pg_env()
    with psycopg.connect("", **_psycopg_kwargs()) as conn:
        # One REPEATABLE READ transaction: every count and pg_dump (through the exported snapshot) see the same rows.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = _one(conn, "SELECT pg_export_snapshot()")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        ]
        counts = {t: _one(conn, f'SELECT COUNT(*) FROM "{t}"') for t in tables}
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}"],
            env=env,
            capture_output=True,
            text=True,
        )
        conn.rollback()
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失败：{done.stderr.strip()}")
    return counts


def _one(conn, sql: str):
    row = conn.execute(sql).fetchone()
    assert row is not None
    return row[0]


def _psycopg_kwargs() -> dict:
    db = connection.settings_dict
    kwargs = {"dbname": db["NAME"]}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            kwargs[arg] = str(db[key])
    return kwargs


def verify(src: Path) -> dict:
    """The manifest of backup ``src``, after checking the database copy and every file against it."""
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BackupError(f"{src} 不是有效的备份（缺少或无法读取 {MANIFEST}）。") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持。")
    db = manifest["database"]
    if not (src / db["file"]).exists() or sha256(src / db["file"]) != db["sha256"]:
        raise BackupError(f"数据库备份文件 {db['file']} 缺失或已损坏（校验和不符）。")
    for rel, digest in manifest["files"].items():
        path = src / "files" / rel
        if not path.exists() or sha256(path) != digest:
            raise BackupError(f"文件 {rel} 缺失或已损坏（校验和不符）。")
    return manifest


def _is_empty_installation() -> bool:
    tables = set(connection.introspection.table_names())
    if "accounts_user" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_user")
        return cursor.fetchone()[0] == 0


def restore(src: Path) -> dict:
    """Restore backup ``src`` into this installation, which must be empty (no users, no private files)."""
    manifest = verify(src)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"该备份来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor}。")
    if not _is_empty_installation():
        raise BackupError("当前安装已有数据（用户表不为空），只能恢复到空的安装。")
    root = Path(settings.PRIVATE_FILES_ROOT)
    if any(_files(root)):
        raise BackupError(f"文件目录 {root} 不为空，只能恢复到空的安装。")
    db_file = src / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(db_file)
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        done = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(db_file),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore 失败：{done.stderr.strip()}")
    for rel in manifest["files"]:
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / "files" / rel, dest)
    with connection.cursor() as cursor:
        counts = _counts(cursor, list(manifest["tables"]))
    if counts != manifest["tables"]:
        differ = [t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t]]
        raise BackupError(f"恢复后行数与备份不符：{'、'.join(differ)}。")
    return manifest
