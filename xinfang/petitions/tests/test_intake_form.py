"""The intake decision form shows each field only with the decision it belongs to (issue 11): 不予受理理由 with
不予受理, 转送机关 with 转送; the page renders them hidden for the decision chosen first, and xinfang.js shows
them when their decision is chosen (the browser journey e2e/test_desk.py chooses 转送)."""

import re

from django.urls import reverse


def parts(html: str) -> dict[str, tuple[bool, str]]:
    """Each decision-bound part of the intake form: (hidden, its HTML), by the decisions it belongs to."""
    form = re.search(r"<form[^>]*data-intake-form[^>]*>(.*?)</form>", html, re.S)
    assert form, "no intake form"
    found = re.findall(
        r'<div data-shown-with="([\w ]+)"( hidden)?>(.*?)</div>\s*(?=<div data-shown-with|<label)',
        form[1],
        re.S,
    )
    return {decisions: (bool(hidden), body) for decisions, hidden, body in found}


def test_the_fields_of_other_decisions_start_hidden(client, registrar, handler, make_petition):
    petition = make_petition(registrar)
    client.force_login(handler)
    html = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    found = parts(html)
    assert {"reject", "transfer_out"} <= set(found)
    assert found["reject"][0] and 'name="reason_code"' in found["reject"][1]
    assert found["transfer_out"][0] and 'name="transferred_to"' in found["transfer_out"][1]
    assert 'name="transferred_to_name"' in found["transfer_out"][1]
    # The decision comes first and is the first option: 受理, whose form has neither.
    assert re.search(r'<select[^>]*name="decision"[^>]*><option value="accept"', html)
