"""Organisations and bodies are picked by typing (issue 11): the long <select>s of the petition pages are marked for
the searchable picker (Tom Select, vendored under static/vendor/tom-select with its licence), which every page
loads; the native <select> stays the field, so a form posts the same with or without it. The browser journey
e2e/test_desk.py picks with the keyboard."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from .steps import fresh


def picked(html: str) -> set[str]:
    """The names of the <select>s marked for the picker."""
    tags = [tag for tag in re.findall(r"<select[^>]*>", html) if "data-picker" in tag]
    return {name for tag in tags for name in re.findall(r'name="([^"]+)"', tag)}


def test_the_petition_pages_mark_their_organisation_fields_for_the_picker(
    client, registrar, handler, make_petition, accepted
):
    client.force_login(handler)
    assert picked(client.get(reverse("petitions:create")).content.decode()) == {"source_org", "org"}
    assert "transferred_to" in picked(
        client.get(reverse("petitions:detail", args=[make_petition(registrar).pk])).content.decode()
    )
    page = client.get(reverse("petitions:detail", args=[accepted.pk])).content.decode()
    assert {"lead", "assist"} <= picked(page)
    assert re.search(r'<select[^>]*name="assist"[^>]*multiple|<select[^>]*multiple[^>]*name="assist"', page)
    assert picked(client.get(reverse("petitions:list")).content.decode()) == {"org"}


def test_every_page_loads_the_vendored_picker_with_its_licence(client, handler):
    client.force_login(handler)
    html = client.get(reverse("home")).content.decode()
    for name in (
        "vendor/tom-select/tom-select.complete.min.js",
        "vendor/tom-select/tom-select.bootstrap5.min.css",
    ):
        assert f"/static/{name}" in html and finders.find(name)
    found = finders.find("vendor/tom-select/LICENSE")
    assert isinstance(found, str)
    licence = Path(found).read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence


def test_a_form_posts_the_same_without_the_picker(client, handler, accepted, committee):
    """The picker only drives the native <select>: a plain post of the field's value assigns."""
    client.force_login(handler)
    response = client.post(
        reverse("petitions:assign", args=[accepted.pk]),
        {"version": fresh(accepted).version, "lead": committee.pk},
        follow=True,
    )
    assert f"已交办：{committee.name}。" in response.content.decode()
