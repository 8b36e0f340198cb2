"""The production server as ``make serve`` runs it: gunicorn with several workers, DEBUG off, static files from
WhiteNoise under hashed names, compressed and cached for good; /healthz answers through it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture
def server(tmp_path):
    env = dict(
        os.environ,
        DEBUG="false",
        SQLITE_PATH=str(tmp_path / "serve.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        PRIVATE_FILES_ROOT=str(tmp_path / "files"),
    )
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + args, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "xinfang.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_health_and_serves_hashed_compressed_static_files(server):
    status, _, body = _get(f"{server}/healthz")
    assert status == 200 and b'"database": true' in body

    status, _, login = _get(f"{server}/accounts/login/")
    assert status == 200
    css = next(
        part.split('"')[0]
        for part in login.decode().split('href="')
        if part.startswith("/static/vendor/bootstrap")
    )
    assert css != "/static/vendor/bootstrap.min.css"  # a hashed name
    status, headers, _ = _get(f"{server}{css}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"] and headers.get("Content-Encoding") == "gzip"
