"""A 404 and a 500 page in Chinese in the site's layout, and a favicon (issue 11)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_a_missing_page_is_a_chinese_404_in_the_layout(client, registrar):
    client.force_login(registrar)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "不在您的查看范围内" in html
    assert 'class="navbar' in html and registrar.org.name in html  # the site's layout, with the menu
    assert f'href="{reverse("home")}"' in html


def test_a_record_outside_the_scope_gets_the_same_404(client, registrar, outsider, make_petition):
    petition = make_petition(registrar)
    client.force_login(outsider)
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and petition.number not in html


def test_a_server_error_is_a_chinese_500_in_the_layout(db):
    """Django renders 500.html without a request context: the layout still holds, without the user's menu."""
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错，请稍后重试" in html and 'class="navbar' in html and "vendor/bootstrap.min.css" in html
    assert "回到工作台" in html


def test_an_error_in_a_view_shows_the_500_page(client, registrar, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a fault while rendering the home page")

    monkeypatch.setattr("xinfang.workbench.views.render", broken)
    client.raise_request_exception = False
    client.force_login(registrar)
    response = client.get(reverse("home"))
    assert response.status_code == 500 and "系统出错，请稍后重试" in response.content.decode()


@pytest.fixture
def static_from_finders(settings):
    """Static files served as `make serve` does (WhiteNoise), from the source folders instead of STATIC_ROOT."""
    settings.WHITENOISE_USE_FINDERS = True


def test_the_favicon_is_linked_and_served(client, registrar, static_from_finders):
    client.force_login(registrar)
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico"' in html
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(svg.streaming_content)
    # Browsers ask for /favicon.ico by themselves: sent on to the static file.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
    found = finders.find("favicon.ico")
    assert isinstance(found, str)
    ico = Path(found).read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00"  # an icon resource
