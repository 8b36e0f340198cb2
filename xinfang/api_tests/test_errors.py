"""Every error answer of the API is JSON with a Chinese message, and each operation documents the error
statuses it can answer (with the ErrorOut body), so that a client or a schema-driven fuzzer meets no surprise."""

import re

import pytest
from django.test import Client

from xinfang.accounts.models import ApiToken
from xinfang.api import api

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _chinese_json(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    detail = response.json()["detail"]
    assert CHINESE.search(detail), detail
    return response.json()


def test_malformed_json_is_400_in_chinese(client, registrar):
    client.force_login(registrar)
    response = client.post("/api/v1/petitions", "{not json", content_type="application/json")
    body = _chinese_json(response, 400)
    assert "Cannot parse" not in body["detail"]


def test_no_credentials_is_401_in_chinese(client, db):
    body = _chinese_json(client.get("/api/v1/petitions"), 401)
    assert body["detail"] != "Unauthorized"


def test_wrong_token_is_401_in_chinese(client, db):
    _chinese_json(client.get("/api/v1/petitions", headers={"Authorization": "Bearer nope"}), 401)


def test_out_of_scope_record_is_404_in_chinese(client, registrar):
    client.force_login(registrar)
    body = _chinese_json(client.get("/api/v1/petitions/999999"), 404)
    assert body["detail"] != "Not Found"


def test_unknown_api_url_is_404_json(client, registrar):
    client.force_login(registrar)
    _chinese_json(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_405_json(client, registrar):
    client.force_login(registrar)
    response = client.delete("/api/v1/petitions")
    _chinese_json(response, 405)
    assert "GET" in response["Allow"]


def test_csrf_failure_is_403_in_chinese(registrar):
    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar)
    response = client.post("/api/v1/employers", {"name": "某厂"}, content_type="application/json")
    assert response.status_code in (401, 403)
    _chinese_json(response, response.status_code)


def test_body_over_the_upload_limit_is_json_not_django_html(client, registrar, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(registrar)
    response = client.post("/api/v1/employers", {"name": "厂" * 2000}, content_type="application/json")
    _chinese_json(response, 413)


def test_a_chunked_body_without_length_is_the_documented_json_411(client, registrar):
    client.force_login(registrar)
    response = client.post(
        "/api/v1/employers",
        b"",
        content_type="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    body = _chinese_json(response, 411)
    assert "内容长度" in body["detail"]
    documented = api.get_openapi_schema()["paths"]["/api/v1/employers"]["post"]["responses"]
    assert documented[411]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }


def test_schema_errors_are_chinese_and_name_the_field(client, registrar):
    client.force_login(registrar)
    response = client.post("/api/v1/employers", {"employees": "很多"}, content_type="application/json")
    body = _chinese_json(response, 422)
    assert body["errors"]["name"] == ["单位名称为必填项"]
    assert body["errors"]["employees"] == ["职工人数须为整数"]


def test_a_role_refusal_is_403_in_chinese(client, leader):
    _, key = ApiToken.issue(user=leader, name="t")
    response = client.post(
        "/api/v1/employers",
        {"name": "某厂"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    _chinese_json(response, 403)


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


@pytest.mark.parametrize(("path", "method", "operation"), list(_operations()), ids=lambda v: str(v)[:40])
def test_every_operation_documents_its_error_answers(path, method, operation):
    documented = {int(code) for code in operation["responses"]}
    expected = {401, 422} | ({404} if "{" in path else set())
    if method != "get":
        expected |= {400, 403, 409, 411, 413}
    assert expected <= documented, (path, method, documented)
    for code in expected:
        schema = operation["responses"][code]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorOut"}
