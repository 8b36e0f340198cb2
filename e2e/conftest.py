"""Browser end-to-end tests: Playwright driving Debian's Chromium against a real server.

The session builds a throw-away installation the way `make serve` runs one (a fresh SQLite file, private files and
static files in a temporary folder, DEBUG off, the demo data), starts gunicorn with two workers on a free port and
the background worker (`db_worker`), and stops them at the end. ``E2E_BASE_URL=http://127.0.0.1:8000`` skips the build and drives a server you started
yourself (``make serve`` after ``make run``'s demo data): quicker while writing a journey.

Every journey gets a ``journey`` object: ``journey.as_user("dengji")`` gives a logged-in page of that demo user
(one browser context per user, so several people can take part in one journey). The last page a journey used is
written to ``e2e/screenshots/<test>.png``, and the journey fails if any of its pages logged a console error, an
uncaught exception or a Content-Security-Policy violation.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "xinfang2026"  # the demo users' password (Makefile `run`)
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")

# Web pages wait on a loaded 2-core machine; a step that takes longer than this is a failure worth seeing.
expect.set_options(timeout=20_000)

# Reported into the page's console by every page: a CSP violation as the page itself sees it (Chromium also logs
# "Refused to ..." as a console error; this catches the ones it reports only as an event).
_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True  # it answers, whatever it says (the health page says 503 before the first tick)
    except OSError:
        return False


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> Iterator[str]:
    if os.environ.get("E2E_BASE_URL"):
        yield os.environ["E2E_BASE_URL"].rstrip("/")
        return
    home = tmp_path_factory.mktemp("installation")
    env = dict(
        os.environ,
        DEBUG="false",
        SQLITE_PATH=str(home / "db.sqlite3"),
        PRIVATE_FILES_ROOT=str(home / "files"),
        STATIC_ROOT=str(home / "static"),
    )
    env.pop("DATABASE_URL", None)
    log = (home / "server.log").open("w")
    manage = [sys.executable, "manage.py"]

    def run(*args: str) -> None:
        started = time.monotonic()
        subprocess.run(manage + list(args), cwd=ROOT, env=env, check=True, stdout=log, stderr=log)
        print(f"e2e: manage.py {args[0]} {time.monotonic() - started:.0f} s", file=sys.stderr)

    # collectstatic does not touch the database: it runs beside migrate. gunicorn (WhiteNoise reads the static
    # files when it starts) boots while demo_data loads; nothing asks it anything before that is done.
    static = subprocess.Popen(
        manage + ["collectstatic", "--noinput"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    run("migrate", "--noinput")
    assert static.wait() == 0, f"collectstatic failed, see {home / 'server.log'}"
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "xinfang.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    # The background worker (imports), as `make serve` runs it beside the web server; it polls often here.
    worker = subprocess.Popen(
        manage + ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # 40 petitions; few employers (the default 3,000 cost time and no journey needs them).
        run("demo_data", "--petitions", "40", "--employers", "30")
        deadline = time.monotonic() + 60
        while not _answers(f"{url}/healthz"):
            assert server.poll() is None, f"gunicorn stopped, see {home / 'server.log'}"
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
        yield url
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=20)
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make e2e` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


class Journey:
    """The people taking part in one test, each in their own browser context, and what their pages reported."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts: dict[str, BrowserContext] = {}
        self.pages: dict[str, Page] = {}
        self.problems: list[str] = []
        self.current: Page | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def as_user(self, username: str) -> Page:
        """The page of ``username``, logged in on first use; it becomes the journey's current page."""
        if username not in self.pages:
            context = self.browser.new_context(
                base_url=self.base_url, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
            )
            context.set_default_timeout(20_000)
            context.add_init_script(_REPORT_CSP)
            page = context.new_page()
            self._watch(page, username)
            self.contexts[username] = context
            self.pages[username] = page
            page.goto("/accounts/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            # Logged in: the bar names the user; a wrong password would show the form again (and count for axes).
            expect(page.get_by_role("button", name="退出")).to_be_visible()
        self.current = self.pages[username]
        return self.current

    def _watch(self, page: Page, who: str) -> None:
        def on_console(message) -> None:
            if message.type != "error":
                return
            source = message.location.get("url", "")
            self.problems.append(f"{who} {page.url}: console error: {message.text} ({source})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"{who} {page.url}: uncaught {error}"))

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture
def journey(request, browser, base_url) -> Iterator[Journey]:
    j = Journey(browser, base_url)
    try:
        yield j
        # Let the last page finish what it started (htmx requests, reports) before judging it.
        if j.current is not None:
            j.current.wait_for_load_state("networkidle")
    finally:
        if j.current is not None:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            j.current.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        problems = list(j.problems)
        j.close()
    assert not problems, "the pages reported problems:\n" + "\n".join(problems)
