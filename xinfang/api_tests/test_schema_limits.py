"""The API's input schemas state the model's limits (so the OpenAPI schema is honest) and refuse input beyond
them with 422 and a Chinese message naming the field, before any action runs and without storing anything."""

import pytest
from django.utils import timezone

from xinfang.api import api
from xinfang.consultations.models import Consultation
from xinfang.lib.limits import TEXT_MAX_LENGTH
from xinfang.mediations.models import Mediation
from xinfang.orgs.models import Employer
from xinfang.petitions.models import Petition


@pytest.fixture
def schema():
    return api.get_openapi_schema()


def _component(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def test_openapi_states_lengths_from_the_model_columns(schema):
    petitioner = _component(schema, "PetitionerIn")
    assert petitioner["name"]["maxLength"] == 50 and petitioner["name"]["title"] == "姓名"
    assert petitioner["address"]["maxLength"] == 200
    petition = _component(schema, "PetitionIn")
    assert petition["source_ref"]["maxLength"] == 50
    assert petition["request"]["maxLength"] == TEXT_MAX_LENGTH  # a TextField has no max_length of its own
    assert _component(schema, "EmployerNew")["name"]["maxLength"] == 100
    assert _component(schema, "EmployerIn")["name"]["maxLength"] == 100


def test_openapi_states_number_bounds_and_patterns(schema):
    petition = _component(schema, "PetitionIn")
    count = petition["people_count"]
    assert count["minimum"] == 1 and count["maximum"] == 2**31 - 1
    amount = {b.get("type"): b for b in petition["amount"]["anyOf"]}
    assert amount["number"]["maximum"] == 999999999999.99 and amount["number"]["minimum"] == 0
    assert amount["string"]["pattern"] == r"^\d{1,12}(\.\d{1,2})?$"
    assert "phone" in petition["channel"]["enum"] and "" not in petition["channel"]["enum"]
    assert "\\x00" in petition["facts"]["pattern"]
    assert _component(schema, "MediationIn")["amount_claimed"]["anyOf"][0]["maximum"] == 999999999999.99


def test_openapi_bounds_paging_and_ids(schema):
    employers = schema["paths"]["/api/v1/employers"]["get"]["parameters"]
    limit = next(p for p in employers if p["name"] == "limit")["schema"]
    assert limit["minimum"] == 1 and limit["maximum"] == 200
    petition = schema["paths"]["/api/v1/petitions/{petition_id}"]["get"]["parameters"][0]["schema"]
    assert petition["minimum"] == 1 and petition["maximum"] == 2**63 - 1


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def as_registrar(client, registrar):
    client.force_login(registrar)
    return client


def _petition(category, **overrides):
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
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "1e20"}, "amount", "涉及金额（元）数字位数过多（最多14位）"),
        ({"amount": 1000000000000}, "amount", "涉及金额（元）整数部分位数过多（最多12位）"),
        ({"amount": -1}, "amount", "涉及金额（元）不能小于0"),
        ({"amount": "12.345"}, "amount", "涉及金额（元）最多保留2位小数"),
        ({"people_count": 2**31}, "people_count", "人数不能大于2147483647"),
        ({"people_count": 2**63}, "people_count", "人数不能大于2147483647"),
        ({"source_ref": "号" * 51}, "source_ref", "转送/交办文号不能超过50个字"),
        ({"received_at": "2026-06-10T10:00:00"}, "received_at", "收到时间须注明时区"),
        ({"facts": "拖欠\x00两个月"}, "facts", "事实含有不允许的字符"),
        ({"petitioners": [{"name": "王" * 51}]}, "petitioners.0.name", "信访人（第1项）的姓名不能超过50个字"),
        (
            {"petitioners": [{"name": "王五", "address": "路" * 201}]},
            "petitioners.0.address",
            "信访人（第1项）的住址不能超过200个字",
        ),
        ({"new_employer": {"name": "厂" * 101}}, "new_employer.name", "单位名称不能超过100个字"),
    ],
)
def test_petition_beyond_a_limit_is_refused_with_a_chinese_message(
    as_registrar, category, overrides, field, message
):
    response = _post(as_registrar, "/api/v1/petitions", _petition(category, **overrides))
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(m.startswith(message) for m in errors[field]), errors
    assert Petition.objects.count() == 0


def test_mediation_amount_1e20_is_refused_and_nothing_is_stored(client, handler, employer):
    client.force_login(handler)
    data = {
        "body": "federation",
        "application_form": "oral",
        "received_on": timezone.localdate().isoformat(),
        "dispute_type": "contract",
        "claims": "支付工资",
        "workers": [{"name": "张三"}],
        "employer_id": employer.pk,
        "amount_claimed": "1e20",
    }
    response = _post(client, "/api/v1/mediations", data)
    assert response.status_code == 422
    assert response.json()["errors"]["amount_claimed"][0].endswith("数字位数过多（最多14位）")
    assert Mediation.objects.count() == 0
    assert client.get("/api/v1/mediations").status_code == 200


def test_a_field_named_like_a_parameter_place_keeps_its_name(client, handler):
    """The mediation's ``body`` (调解组织) is a field, not ninja's request body."""
    client.force_login(handler)
    response = _post(client, "/api/v1/mediations", {"body": "x" * 13, "application_form": "oral"})
    assert response.status_code == 422
    assert response.json()["errors"]["body"] == ["调解组织不能超过12个字"]


def test_query_filters_are_named_by_their_parameter(client, registrar):
    client.force_login(registrar)
    response = client.get("/api/v1/petitions", {"q": "问" * 101})
    assert response.status_code == 422
    assert response.json()["errors"]["q"] == ["关键词不能超过100个字"]


def test_consultation_without_time_zone_is_refused(client, registrar):
    client.force_login(registrar)
    data = {"asked_at": "2026-06-10T10:00", "channel": "phone", "topic": "wages", "question": "工资怎么算"}
    response = _post(client, "/api/v1/consultations", data)
    assert response.status_code == 422
    assert "须注明时区" in response.json()["errors"]["asked_at"][0]
    assert Consultation.objects.count() == 0


def test_employer_name_over_100_is_refused(client, registrar):
    client.force_login(registrar)
    response = _post(client, "/api/v1/employers", {"name": "厂" * 101})
    assert response.status_code == 422
    assert response.json()["errors"]["name"] == ["单位名称不能超过100个字"]
    assert not Employer.objects.filter(name__startswith="厂厂").exists()


@pytest.mark.parametrize("path", ["/api/v1/employers", "/api/v1/persons"])
@pytest.mark.parametrize("limit", [-1, 0, 10**6])
def test_a_limit_out_of_range_is_422_not_500(client, registrar, path, limit):
    client.force_login(registrar)
    response = client.get(path, {"limit": limit})
    assert response.status_code == 422
    assert "每页条数" in response.json()["errors"]["limit"][0]


def test_an_id_beyond_the_key_column_is_422_not_500(client, registrar):
    client.force_login(registrar)
    response = client.get(f"/api/v1/petitions/{2**64}")
    assert response.status_code == 422
