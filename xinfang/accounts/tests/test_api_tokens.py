"""API tokens: issued with the key shown once, only the hash stored, an expiry, revocation."""

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken

ADD = reverse("admin:accounts_apitoken_add")


def _add_through_admin(client, user, name="12351热线系统", **extra) -> str:
    response = client.post(ADD, {"user": user.pk, "name": name, **extra})
    assert response.status_code == 200, response.content.decode()[:500]
    page = response.content.decode()
    assert "只显示这一次" in page and response["Cache-Control"].startswith("max-age=0")
    shown = re.search(r'<code id="api-key"[^>]*>([^<]+)</code>', page)
    assert shown is not None
    return shown.group(1)


def _bearer(client, key: str):
    return client.get("/api/v1/reminders", headers={"Authorization": f"Bearer {key}"})


def test_admin_issues_two_tokens_for_one_user_and_shows_each_key_once(client, administrator, registrar):
    client.force_login(administrator)
    form = client.get(ADD).content.decode()
    assert 'name="expires_at_0"' in form and 'name="key_hash"' not in form
    expiry = {
        "expires_at_0": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "expires_at_1": "10:00:00",
    }
    first = _add_through_admin(client, registrar, **expiry)
    second = _add_through_admin(client, registrar, name="工单系统", **expiry)
    assert first != second and len(first) >= 40
    tokens = list(ApiToken.objects.order_by("pk"))
    assert [t.key_hash for t in tokens] == [hashlib.sha256(k.encode()).hexdigest() for k in (first, second)]
    # the key is not stored, nor shown again on the list or the token's page
    for page in (
        client.get(reverse("admin:accounts_apitoken_changelist")),
        client.get(reverse("admin:accounts_apitoken_change", args=[tokens[0].pk])),
    ):
        assert first not in page.content.decode()
    assert not any(first in str(v) for v in ApiToken.objects.values_list())
    client.logout()
    assert _bearer(client, first).status_code == 200 and _bearer(client, second).status_code == 200


def test_the_admin_refuses_an_expiry_in_the_past(client, administrator, registrar):
    client.force_login(administrator)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        ADD,
        {
            "user": registrar.pk,
            "name": "t",
            "expires_at_0": yesterday.isoformat(),
            "expires_at_1": "10:00:00",
        },
    )
    assert "有效期至应晚于现在" in response.content.decode() and not ApiToken.objects.exists()


def test_the_admin_form_offers_the_configured_validity_as_default(client, administrator, settings):
    settings.API_TOKEN_DAYS = 30
    client.force_login(administrator)
    form = client.get(ADD).content.decode()
    assert f'name="expires_at_0" value="{timezone.localdate() + timedelta(days=30):%Y/%m/%d}"' in form


def test_a_key_authenticates_as_its_user_and_records_its_use(client, registrar):
    token, key = ApiToken.issue(user=registrar, name="t")
    response = _bearer(client, key)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.expires_at - timezone.now() > timedelta(days=364)


def test_an_expired_token_is_refused_with_a_chinese_message(client, registrar, frozen_clock):
    _, key = ApiToken.issue(user=registrar, name="t", days=10)
    assert _bearer(client, key).status_code == 200
    frozen_clock.shift(timedelta(days=10, seconds=1))
    response = _bearer(client, key)
    assert response.status_code == 401 and "已过期" in response.json()["detail"]


def test_a_revoked_token_is_refused_at_once(client, registrar, administrator):
    token, key = ApiToken.issue(user=registrar, name="t")
    other, other_key = ApiToken.issue(user=registrar, name="u")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "已吊销 1 个令牌" in response.content.decode()
    client.logout()
    refused = _bearer(client, key)
    assert refused.status_code == 401 and "已被吊销" in refused.json()["detail"]
    assert _bearer(client, other_key).status_code == 200


def test_an_unknown_token_or_a_disabled_user_is_refused_with_a_chinese_message(client, registrar):
    _, key = ApiToken.issue(user=registrar, name="t")
    response = _bearer(client, key + "x")
    assert response.status_code == 401 and response.json() == {"detail": "接口令牌无效。"}
    registrar.is_active = False
    registrar.save()
    assert "已停用" in _bearer(client, key).json()["detail"]


def test_issue_command_prints_the_key_once_and_stores_its_hash(client, registrar):
    out, err = StringIO(), StringIO()
    call_command(
        "issue_api_token", "registrar", "--name", "12351热线系统", "--days", "90", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and token.name == "12351热线系统"
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert "只显示这一次" in err.getvalue() and key not in err.getvalue()
    assert _bearer(client, key).status_code == 200
    call_command("issue_api_token", "registrar", stdout=StringIO(), stderr=StringIO())  # a second one
    assert ApiToken.objects.count() == 2


def test_issue_command_refuses_an_unknown_user_and_bad_days(registrar):
    with pytest.raises(CommandError, match="不存在"):
        call_command("issue_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="有效天数"):
        call_command("issue_api_token", "registrar", "--days", "0", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_revoke_command_by_number_and_by_user(client, registrar, handler):
    first, first_key = ApiToken.issue(user=registrar, name="a")
    _, second_key = ApiToken.issue(user=registrar, name="b")
    _, handler_key = ApiToken.issue(user=handler, name="c")
    out = StringIO()
    call_command("revoke_api_token", str(first.pk), stdout=out)
    assert f"已吊销 #{first.pk}" in out.getvalue()
    assert _bearer(client, first_key).status_code == 401 and _bearer(client, second_key).status_code == 200
    call_command("revoke_api_token", "--user", "registrar", stdout=StringIO())
    assert _bearer(client, second_key).status_code == 401 and _bearer(client, handler_key).status_code == 200
    with pytest.raises(CommandError, match="没有编号"):
        call_command("revoke_api_token", "99999", stdout=StringIO())
    listing = StringIO()
    call_command("revoke_api_token", "--list", stdout=listing)
    assert listing.getvalue().count("已吊销") == 2 and "有效期至" in listing.getvalue()
