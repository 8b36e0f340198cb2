"""The workers' home and apportionment API: the kit's operations and the ledger's own, through the same actions,
input models and scope rule as the pages."""

import typing
from datetime import timedelta

from django.utils import timezone

from xinfang.delegates import api as delegates_api
from xinfang.delegates.actions import apportion_delegates
from xinfang.homes import api as homes_api
from xinfang.homes.actions import record_honour, record_reinspection
from xinfang.homes.models import Inspection, Result


def test_each_operation_takes_its_actions_input_model_as_its_body():
    for view, action in (
        (homes_api.reinspect, record_reinspection),
        (homes_api.create_honour, record_honour),
        (delegates_api.create_apportionment, apportion_delegates),
    ):
        assert typing.get_type_hints(view)["payload"] is typing.get_type_hints(action)["data"]


def test_inspections_in_the_api(client, registrar, outsider, unions, checklist):
    client.force_login(registrar)
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    body = {
        "inspected_on": day,
        "union_id": unions[0].pk,
        "inspectors": "张明",
        "score_list": [
            {"number": 1, "score": "30"},
            {"number": 2, "score": "30"},
            {"number": 3, "score": "10"},
        ],
        "result": "rectify",
        "reinspect_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    created = client.post("/api/v1/homes", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["score_list"] == "30、30、10" and created.json()["status"] == "rectify"
    pk = created.json()["id"]
    too_high = client.post(
        "/api/v1/homes",
        body
        | {"inspected_on": timezone.localdate().isoformat(), "score_list": [{"number": 1, "score": "50"}]},
        content_type="application/json",
    )
    assert too_high.status_code == 422 and "score_list" in too_high.json()["errors"]
    again = client.post(
        f"/api/v1/homes/{pk}/reinspections",
        {
            "inspected_on": timezone.localdate().isoformat(),
            "inspectors": "王芳",
            "score_list": [
                {"number": 1, "score": "38"},
                {"number": 2, "score": "36"},
                {"number": 3, "score": "18"},
            ],
            "result": "passed",
            "version": 1,
        },
        content_type="application/json",
    )
    assert again.status_code == 201, again.json()
    assert again.json()["status"] == Result.PASSED
    assert Inspection.objects.get(pk=pk).status == Result.PASSED
    listed = client.get("/api/v1/homes", {"status": "passed"}).json()["items"]
    assert {i["id"] for i in listed} == set(
        Inspection.objects.filter(status="passed").values_list("pk", flat=True)
    )
    assert pk in {i["id"] for i in listed}
    client.force_login(outsider)
    assert client.get(f"/api/v1/homes/{pk}").status_code == 404


def test_apportionments_in_the_api(client, handler, registrar):
    client.force_login(handler)
    body = {
        "congress": "区工会第五次代表大会",
        "seats": 7,
        "minimum": 0,
        "decided_on": "2026-11-20",
        "delegations": [
            {"name": "甲", "members": 6},
            {"name": "乙", "members": 3},
            {"name": "丙", "members": 1},
        ],
    }
    created = client.post("/api/v1/delegates", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert [(d["seats"], d["quota"]) for d in created.json()["delegations"]] == [
        (4, "21/5"),
        (2, "21/10"),
        (1, "7/10"),
    ]
    refused = client.post("/api/v1/delegates", body | {"minimum": 3}, content_type="application/json")
    assert refused.status_code == 422 and "minimum" in refused.json()["errors"]
    client.force_login(registrar)
    assert client.post("/api/v1/delegates", body, content_type="application/json").status_code == 403
