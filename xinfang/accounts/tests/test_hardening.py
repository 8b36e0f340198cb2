"""HTTPS settings, the Content-Security-Policy, and a login lockout that nobody can prolong or share (issue 8,
medium 13)."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from xinfang.audit.models import AccessAction, AccessLog, log_access
from xinfang.conftest import PASSWORD
from xinfang.lib.clientip import client_ip

BASE = Path(settings.BASE_DIR)

# ---------------------------------------------------------------- HTTPS: manage.py check --deploy

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Qp2-production-key-" + "k" * 40 + "-9Zr4mWv",
    "ALLOWED_HOSTS": "xinfang.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "PROXY_SETS_X_FORWARDED_PROTO": "1",
}


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("SECURE_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE,
        env={**clean, "DJANGO_SETTINGS_MODULE": "xinfang.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = check_deploy(PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_check_deploy_warns_without_https_settings():
    result = check_deploy(
        {k: v for k, v in PRODUCTION.items() if k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    )
    output = result.stdout + result.stderr
    assert "security.W004" in output and "security.W008" in output  # HSTS and SSL redirect are settings


def test_hsts_and_redirect_trust_x_forwarded_proto_only_when_configured(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    # No PROXY_SETS_X_FORWARDED_PROTO: a client's own header does not make the request secure.
    settings.SECURE_PROXY_SSL_HEADER = None
    plain = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200 and proxied["Strict-Transport-Security"] == "max-age=3600"


def test_every_response_refuses_framing_and_sniffing(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# ---------------------------------------------------------------- Content-Security-Policy


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_strict(response):
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert all(v == "'self'" or v.startswith("'nonce-") for v in csp["script-src"])
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["style-src-elem"] == ["'self'"]


def test_login_page_and_lockout_and_errors_carry_the_policy(client):
    assert_strict(client.get(reverse("accounts:login")))
    assert_strict(client.get("/no-such-page/"))
    assert_strict(client.get("/api/v1/petitions"))  # JSON answers too


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "petitions:list",
        "petitions:create",
        "mediations:list",
        "mediations:create",
        "consultations:list",
        "inbox:list",
        "orgs:employer_list",
        "clocks:calculator",
        "admin:index",
    ],
)
def test_every_page_carries_a_policy_without_inline_scripts(client, administrator, name):
    client.force_login(administrator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_strict(response)


def test_a_petition_page_carries_the_policy(client, handler, accepted):
    client.force_login(handler)
    response = client.get(reverse("petitions:detail", args=[accepted.pk]))
    assert response.status_code == 200
    assert_strict(response)


TEMPLATES = sorted((BASE / "xinfang").glob("**/templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 20 and any(p.name == "base.html" for p in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(BASE)))
def test_no_template_has_an_inline_script_or_handler(path):
    text = path.read_text(encoding="utf-8")
    for tag in SCRIPT_TAG.findall(text):
        data_block = re.search(r"""type=["']application/json["']""", tag)  # data, never executed
        assert "src=" in tag or "nonce=" in tag or data_block, f"inline script without a nonce: {tag}"
    assert not INLINE_HANDLER.search(text), f"inline event handler: {INLINE_HANDLER.search(text)}"
    assert "javascript:" not in text.lower()


def test_htmx_needs_no_eval_and_injects_no_style():
    base = (BASE / "xinfang" / "templates" / "base.html").read_text(encoding="utf-8")
    config = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", base)
    assert config is not None
    assert '"allowEval": false' in config.group(1) and '"includeIndicatorStyles": false' in config.group(1)
    # What htmx would evaluate: hx-on handlers, hx-vars, js: values, and an event filter (event[...]) in a trigger.
    uses_eval = re.compile(r"hx-on|hx-vars|js:")
    event_filter = re.compile(r"^\s*[\w:.-]+\[")
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        triggers = [spec for value in re.findall(r'hx-trigger="([^"]*)"', text) for spec in value.split(",")]
        if uses_eval.search(text) or any(event_filter.match(spec) for spec in triggers):
            offenders.append(str(path))
    assert offenders == []


# ---------------------------------------------------------------- login lockout


def attempt(client, username, password="wrong-password", ip="198.51.100.7", **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def locked(response) -> bool:
    return response.status_code == 429 and "已被暂时锁定" in response.content.decode()


def logs_in(client, username, ip="198.51.100.7", **extra) -> bool:
    response = attempt(client, username, PASSWORD, ip, **extra)
    ok = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return ok


def test_five_failures_lock_even_the_right_password(client, registrar):
    for _ in range(4):
        assert not locked(attempt(client, "registrar"))
    assert locked(attempt(client, "registrar"))  # the fifth failure locks
    assert not logs_in(client, "registrar")


def test_attempts_during_a_lockout_do_not_extend_it(client, registrar, frozen_clock):
    for _ in range(5):
        attempt(client, "registrar")
    for _ in range(14):
        frozen_clock.shift(timedelta(minutes=1))
        assert locked(attempt(client, "registrar"))  # the attacker keeps trying, once a minute
    frozen_clock.shift(timedelta(minutes=1, seconds=5))
    assert logs_in(client, "registrar")  # 15 minutes after the fifth failure, whatever came after it


def test_a_lockout_lasts_15_minutes_from_the_failure_that_caused_it(client, registrar, frozen_clock):
    for _ in range(3):
        attempt(client, "registrar")
    frozen_clock.shift(timedelta(minutes=5))
    attempt(client, "registrar")
    attempt(client, "registrar")  # the fifth failure, at minute 5
    frozen_clock.shift(timedelta(minutes=14, seconds=30))
    assert not logs_in(client, "registrar")
    frozen_clock.shift(timedelta(seconds=40))
    assert logs_in(client, "registrar")


def test_a_lockout_is_per_user_name_and_address(client, registrar, handler):
    for _ in range(5):
        attempt(client, "registrar", ip="198.51.100.7")
    assert not logs_in(client, "registrar", ip="198.51.100.7")
    assert logs_in(client, "registrar", ip="203.0.113.9")  # the same user from another address
    assert logs_in(client, "handler", ip="198.51.100.7")  # another user from the same address


def test_x_forwarded_for_is_ignored_from_an_untrusted_peer(client, registrar, settings):
    settings.TRUSTED_PROXIES = []
    for i in range(5):  # a client rotating a forged header is still one address
        attempt(client, "registrar", ip="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert not logs_in(client, "registrar", ip="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.200")


def test_behind_a_trusted_proxy_each_client_is_locked_alone(client, registrar, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for _ in range(5):
        attempt(client, "registrar", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert not logs_in(client, "registrar", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # Everyone else behind the same proxy can still log in as that user.
    assert logs_in(client, "registrar", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6")
    # The locked client cannot escape by prepending a forged address: the proxy appends the real one.
    assert not logs_in(client, "registrar", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")


# ---------------------------------------------------------------- the client address


def request_from(peer, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        ([], "198.51.100.7", "203.0.113.5", "198.51.100.7"),  # no trusted proxy: the header means nothing
        (["10.0.0.1"], "198.51.100.7", "203.0.113.5", "198.51.100.7"),  # the peer is not the proxy
        (["10.0.0.1"], "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (["10.0.0.1"], "10.0.0.1", "192.0.2.1, 203.0.113.5", "203.0.113.5"),  # forged left part ignored
        (["10.0.0.0/8"], "10.0.0.1", "203.0.113.5, 10.0.0.9", "203.0.113.5"),  # two proxies of ours
        (["10.0.0.1"], "10.0.0.1", "203.0.113.5, not-an-address", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (["2001:db8::/32"], "2001:db8::1", "2001:db8:ffff::1, 2400:cb00::7", "2400:cb00::7"),
    ],
)
def test_client_ip_believes_x_forwarded_for_only_from_trusted_proxies(
    settings, trusted, peer, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(peer, forwarded)) == expected


def test_the_access_log_records_the_client_behind_a_trusted_proxy(settings, registrar, accepted):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    log_access(
        user=registrar,
        action=AccessAction.VIEW_CONFIDENTIAL,
        obj=accepted,
        request=request_from("10.0.0.1", "192.0.2.1, 203.0.113.5"),
    )
    assert AccessLog.objects.get().ip_address == "203.0.113.5"
