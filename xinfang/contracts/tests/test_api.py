"""Collective contracts in the REST API: the same action, messages and scope as the pages; the summary with its
exact shares."""

import pytest
from django.test import Client

from xinfang.contracts.models import Contract

from .conftest import contract_input


@pytest.fixture
def api(handler):
    client = Client()
    client.force_login(handler)
    return client


def _body(**overrides) -> dict:
    return contract_input(**overrides).model_dump(mode="json")


def test_register_file_and_read_through_the_api(api, handler):
    created = api.post("/api/v1/contracts", _body(), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "signed" and body["number"] == "测工集合〔2026〕0001"
    filed = api.post(
        f"/api/v1/contracts/{body['id']}/filing",
        {"version": body["version"], "filed_on": "2026-09-18"},
        content_type="application/json",
    )
    assert filed.status_code == 200, filed.content
    assert (filed.json()["status"], filed.json()["review_ends_on"]) == ("filed", "2026-10-08")
    listed = api.get("/api/v1/contracts").json()
    assert [c["id"] for c in listed["items"]] == [body["id"]]
    summary = api.get("/api/v1/contracts/summary").json()
    assert summary["share_by_count"] == {"numerator": 1, "denominator": 1, "percent": "100.0%"}
    assert (
        api.get("/api/v1/contracts/summary", {"contract_type": "single"}).json()["share_by_count"]["percent"]
        == "—"
    )
    assert api.get(f"/api/v1/contracts/{body['id']}").json()["number"] == body["number"]


def test_a_vote_short_of_the_quorum_is_422_naming_the_field(api):
    answer = api.post(
        "/api/v1/contracts",
        _body(representatives_present=39, votes_for=35),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["representatives_present"][0].startswith(
        "出席代表人数（39）不足职工代表总数（60）的三分之二"
    )
    assert Contract.objects.count() == 0


def test_an_outsider_gets_404(api, handler, outsider):
    created = api.post("/api/v1/contracts", _body(), content_type="application/json").json()
    other = Client()
    other.force_login(outsider)
    assert other.get(f"/api/v1/contracts/{created['id']}").status_code == 404
    assert other.get("/api/v1/contracts").json()["items"] == []
