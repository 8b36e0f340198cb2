"""The REST API: token and session authentication, the same validation messages and rules as the pages."""

from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.petitions.models import Petition


def payload(category, **overrides):
    data = {
        "channel": "phone",
        "received_at": timezone.now().isoformat(),
        "kind": "claim",
        "category_id": category.pk,
        "request": "要求支付工资",
        "facts": "拖欠两个月",
        "reasons": "依法应支付",
        "petitioners": [{"name": "王五", "phone": "13700001111"}],
    }
    data.update(overrides)
    return data


def test_token_creates_a_petition(client, registrar, category):
    _, key = ApiToken.issue(user=registrar, name="12351热线系统")
    response = client.post(
        "/api/v1/petitions",
        payload(category),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("测工信〔") and body["petitioners"][0]["phone"] == "137****1111"
    assert Petition.objects.get().registered_by == registrar


def test_wrong_token_is_401(client, category):
    response = client.get("/api/v1/petitions", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_bad_id_number_gets_the_same_chinese_message_as_the_page(client, registrar, category):
    _, key = ApiToken.issue(user=registrar, name="t")
    bad = payload(
        category, petitioners=[{"name": "王五", "id_number": "110105194912310021", "phone": "13700001111"}]
    )
    response = client.post(
        "/api/v1/petitions", bad, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["petitioners"] == ["第1位信访人：身份证号校验位错误，请核对后重新输入。"]
    assert Petition.objects.count() == 0


def test_malformed_date_gets_a_chinese_message(client, registrar, category):
    client.force_login(registrar)
    response = client.post(
        "/api/v1/petitions", payload(category, received_at="昨天"), content_type="application/json"
    )
    assert response.status_code == 422
    assert "格式不正确" in response.json()["errors"]["received_at"][0]


def test_leader_gets_403_on_create(client, leader, category):
    _, key = ApiToken.issue(user=leader, name="t")
    response = client.post(
        "/api/v1/petitions",
        payload(category),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403 and response.json()["detail"] == "您的角色不能登记信访件。"


def test_session_post_needs_csrf(registrar, category):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar)
    response = client.post("/api/v1/petitions", payload(category), content_type="application/json")
    assert response.status_code in (401, 403) and Petition.objects.count() == 0


def test_organisations_are_scoped(client, committee_registrar, committee, other_committee):
    client.force_login(committee_registrar)
    names = [o["name"] for o in client.get("/api/v1/organisations").json()]
    assert names == [committee.name]
    assert client.get(f"/api/v1/organisations/{other_committee.pk}").status_code == 404


def test_employer_with_bad_credit_code_is_refused(client, registrar):
    client.force_login(registrar)
    response = client.post(
        "/api/v1/employers",
        {"name": "某厂", "credit_code": "91440303MA5DC98760"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "统一社会信用代码" in response.json()["errors"]["credit_code"][0]


def test_openapi_schema_lists_the_endpoints(client, registrar):
    client.force_login(registrar)  # the schema needs a signed-in user (xinfang/api_tests/test_docs.py)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/petitions",
        "/api/v1/petitions/{petition_id}",
        "/api/v1/persons",
        "/api/v1/employers",
        "/api/v1/organisations",
    } <= set(paths)


def test_workflow_through_the_api_with_the_same_rules(
    client, registrar, handler, approver, outsider, category
):
    from xinfang.accounts.models import ApiToken

    def as_user(user):
        _, key = ApiToken.issue(user=user, name="t")
        return {"Authorization": f"Bearer {key}"}

    created = client.post(
        "/api/v1/petitions", payload(category), content_type="application/json", headers=as_user(registrar)
    ).json()
    url = f"/api/v1/petitions/{created['id']}"
    assert (
        client.post(
            f"{url}/intake-decision",
            {"version": 1, "decision": "accept"},
            content_type="application/json",
            headers=as_user(outsider),
        ).status_code
        == 404
    )
    refused = client.post(
        f"{url}/intake-decision",
        {"version": 1, "decision": "accept"},
        content_type="application/json",
        headers=as_user(registrar),
    )
    assert refused.status_code == 403 and "不能执行“受理”" in refused.json()["detail"]
    accepted = client.post(
        f"{url}/intake-decision",
        {"version": 1, "decision": "accept"},
        content_type="application/json",
        headers=as_user(handler),
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    stale = client.post(
        f"{url}/intake-decision",
        {"version": 1, "decision": "refer", "reason": "x"},
        content_type="application/json",
        headers=as_user(approver),
    )
    assert stale.status_code == 403  # already decided: the step is no longer open
    ext = client.post(
        f"{url}/extensions",
        {"days": 40, "reason": "复杂"},
        content_type="application/json",
        headers=as_user(handler),
    )
    assert ext.status_code == 422 and ext.json()["errors"]["days"] == ["延长天数应为1～30日。"]
    version = accepted.json()["version"]
    done = client.post(
        f"{url}/conclusion",
        {
            "version": version,
            "outcome": "upheld",
            "decision_text": "已支付",
            "legal_basis": "《劳动法》第五十条",
            "replied_on": timezone.localdate().isoformat(),
            "delivery": "post",
        },
        content_type="application/json",
        headers=as_user(handler),
    )
    assert done.status_code == 200 and done.json()["status"] == "concluded"
    conflict = client.post(
        f"{url}/rating",
        {
            "version": version,
            "rating": "satisfied",
            "method": "phone",
            "rated_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
        headers=as_user(registrar),
    )
    assert conflict.status_code == 409


def test_assignment_notes_reviews_and_documents_through_the_api(
    client, accepted, handler, committee, upper, outsider, committee_registrar
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xinfang.accounts.models import Role, User

    unit = User.objects.create_user(
        username="unit", password="x-Testing-2026", role=Role.HANDLER, org=committee
    )
    client.force_login(handler)
    version = Petition.objects.get(pk=accepted.pk).version
    base = f"/api/v1/petitions/{accepted.pk}"
    bad = client.post(
        f"{base}/assignments", {"version": version, "units": []}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"]["units"] == ["请至少选择一个承办单位。"]
    created = client.post(
        f"{base}/assignments",
        {"version": version, "units": [{"org_id": committee.pk, "role": "lead"}]},
        content_type="application/json",
    )
    assert created.status_code == 201
    assignment_id = created.json()[0]["id"]
    client.force_login(unit)
    assert client.post(f"{base}/assignments/{assignment_id}/take").json()["status"] == "taken"
    note = client.post(
        f"{base}/notes",
        {
            "kind": "investigation",
            "text": "核实",
            "happened_on": "2026-01-05",
            "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")],
        },
    )
    assert note.status_code == 201 and note.json()["attachments"][0]["content_type"] == "application/pdf"
    finished = client.post(
        f"{base}/assignments/{assignment_id}/finish", {"report": "已解决"}, content_type="application/json"
    )
    assert finished.json()["status"] == "finished"
    client.force_login(handler)
    version = Petition.objects.get(pk=accepted.pk).version
    client.post(
        f"{base}/conclusion",
        {
            "version": version,
            "outcome": "upheld",
            "decision_text": "经查属实",
            "legal_basis": "劳动法",
            "replied_on": str(timezone.localdate(accepted.received_at)),
            "delivery": "in_person",
        },
        content_type="application/json",
    )
    doc = client.post(f"{base}/documents", {"kind": "decision_letter"}, content_type="application/json")
    assert doc.status_code == 201
    file = client.get(f"{base}/documents/{doc.json()['id']}/file")
    assert file.status_code == 200 and b"".join(file.streaming_content)[:2] == b"PK"
    version = Petition.objects.get(pk=accepted.pk).version
    today = str(timezone.localdate(accepted.received_at))
    review = client.post(
        f"{base}/review-requests",
        {
            "version": version,
            "body_id": upper.pk,
            "requested_on": today,
            "received_on": today,
            "request_text": "不服",
        },
        content_type="application/json",
    )
    assert review.status_code == 201 and review.json()["status"] == "in_review"
    stale = client.post(
        f"{base}/review-decision",
        {"version": version, "result": "upheld", "decision_text": "维持", "decided_on": today},
        content_type="application/json",
    )
    assert stale.status_code == 409  # the version the caller loaded is out of date
    client.force_login(outsider)
    assert client.get(f"{base}/assignments").status_code == 404
    assert client.get(f"{base}/documents/{doc.json()['id']}/file").status_code == 404


def test_reminders_api_lists_only_the_callers_own(client, handler, approver, registrar, make_petition):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    call_command("tick")
    client.force_login(handler)
    items = client.get("/api/v1/reminders").json()["items"]
    assert len(items) == 1 and items[0]["kind"] == "overdue"
    client.force_login(registrar)
    assert client.get("/api/v1/reminders").json()["items"] == []
