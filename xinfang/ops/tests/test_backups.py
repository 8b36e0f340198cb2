"""Backup and restore: a populated installation round-trips into an empty one with every table's row count and
every file's checksum equal (on the backend the suite runs on: SQLite, or PostgreSQL with DATABASE_URL)."""

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from xinfang.ops.backups import sha256
from xinfang.petitions.actions import add_handling_note, generate_document
from xinfang.petitions.inputs import DocumentIn, NoteIn
from xinfang.petitions.models import NoteKind
from xinfang.petitions.tests.test_notes import PDF


def _populate(accepted, handler):
    add_handling_note(
        petition=accepted,
        by=handler,
        files=[SimpleUploadedFile("工资台账.pdf", PDF, "application/pdf")],
        data=NoteIn(
            kind=NoteKind.INVESTIGATION,
            happened_on=timezone.localdate(accepted.received_at),
            text="走访单位核实工资台账",
        ),
    )
    generate_document(petition=accepted, by=handler, data=DocumentIn(kind="accept_notice"))


def _counts(cursor, tables):
    counts = {}
    for t in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{t}"')
        counts[t] = cursor.fetchone()[0]
    return counts


def _checksums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def empty_installation(tmp_path):
    """Settings of a second, empty installation, for a ``manage.py`` run in a child process."""
    env = dict(os.environ, PRIVATE_FILES_ROOT=str(tmp_path / "restored-files"))
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "restored.sqlite3")
        yield env, lambda: __import__("sqlite3").connect(env["SQLITE_PATH"])
        return
    import psycopg

    name = f"xf_restore_{uuid.uuid4().hex[:8]}"
    params = {
        k: v
        for k, v in connection.get_connection_params().items()
        if k in ("host", "port", "user", "password")
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "postgres")
    env["DATABASE_URL"] = (
        f"postgres://{user}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    )
    try:
        yield env, lambda: psycopg.connect(dbname=name, **params)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_backup_restores_into_an_empty_installation_with_equal_rows_and_files(
    committed_db, accepted, handler, tmp_path, empty_installation
):
    _populate(accepted, handler)
    out = tmp_path / "backup"
    call_command("backup", str(out), stdout=io.StringIO())
    tables = [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]
    with connection.cursor() as cursor:
        before = _counts(cursor, tables)
    files_before = _checksums(Path(settings.PRIVATE_FILES_ROOT))
    assert before["petitions_petition"] == 1 and len(files_before) == 2  # the PDF and the notice

    env, connect = empty_installation
    done = _manage(env, "restore", str(out))
    assert done.returncode == 0, done.stderr
    with connect() as restored:
        after = _counts(restored.cursor(), tables)
    assert after == before
    assert _checksums(Path(env["PRIVATE_FILES_ROOT"])) == files_before

    again = _manage(env, "restore", str(out))
    assert again.returncode != 0 and "只能恢复到空的安装" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    committed_db, accepted, handler, tmp_path, empty_installation
):
    _populate(accepted, handler)
    out = tmp_path / "backup"
    call_command("backup", str(out), stdout=io.StringIO())
    damaged = next(p for p in (out / "files").rglob("*") if p.is_file())
    damaged.write_bytes(b"tampered")
    env, _ = empty_installation
    done = _manage(env, "restore", str(out))
    assert done.returncode != 0 and "校验和不符" in done.stderr
    assert not Path(env["PRIVATE_FILES_ROOT"]).exists()


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(tmp_path))
