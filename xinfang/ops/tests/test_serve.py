"""The production server as ``make serve`` runs it, with the HTTPS settings of docs/deploy.md behind a proxy on
127.0.0.1: gunicorn with several workers, DEBUG off, the security headers and the Content-Security-Policy on its
answers, static files from WhiteNoise under hashed names, compressed and cached for good; /healthz over plain
HTTP for the load balancer."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from xinfang.accounts.tests.test_hardening import PRODUCTION


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)
HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy of docs/deploy.md sets it


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    env = dict(
        os.environ,
        **(PRODUCTION | {"ALLOWED_HOSTS": "127.0.0.1", "TRUSTED_PROXIES": "127.0.0.1"}),
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


def test_serve_answers_health_over_plain_http_and_redirects_pages_to_https(server):
    status, _, body = _get(f"{server}/healthz")
    assert status == 200 and b'"database": true' in body
    status, headers, _ = _get(f"{server}/accounts/login/")
    assert status == 301 and headers["Location"].startswith("https://")


def test_serve_sends_the_security_headers_behind_the_https_proxy(server):
    status, headers, _ = _get(f"{server}/accounts/login/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    script_src = next(
        d for d in headers["Content-Security-Policy"].split(";") if d.strip().startswith("script-src")
    )
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "Secure" in headers["Set-Cookie"]


def test_serve_serves_hashed_compressed_static_files(server):
    _, _, login = _get(f"{server}/accounts/login/", HTTPS)
    css = next(
        part.split('"')[0]
        for part in login.decode().split('href="')
        if part.startswith("/static/vendor/bootstrap")
    )
    assert css != "/static/vendor/bootstrap.min.css"  # a hashed name
    status, headers, _ = _get(f"{server}{css}", HTTPS | {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"] and headers.get("Content-Encoding") == "gzip"
