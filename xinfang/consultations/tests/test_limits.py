"""A consultation keeps the limits of its columns through the action, the page and the API, on both backends. The
action's own checks are asked with input built without the input model's validation (``model_construct``)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.consultations.actions import record_consultation
from xinfang.consultations.inputs import ConsultationIn
from xinfang.consultations.models import Consultation
from xinfang.lib.idnumber import make_id_number
from xinfang.people.models import Person

from .test_consultations import entry


def data(**overrides) -> ConsultationIn:
    values: dict[str, Any] = {
        "asked_at": timezone.now(),
        "channel": "hotline",
        "topic": "wages",
        "question": "公司拖欠工资怎么办？",
        "answer": "可申请劳动争议调解。",
    }
    values.update(overrides)
    return ConsultationIn.model_construct(**values)


@pytest.mark.parametrize(
    "overrides,key,message",
    [
        ({"question": "问" * 501}, "question", "咨询问题不能超过500个字（现有501个字）。"),
        ({"answer": "答" * 1001}, "answer", "解答要点不能超过1000个字（现有1001个字）。"),
        ({"question": "\u200b\u202e"}, "question", "请填写咨询问题。"),
        ({"person_name": "张" * 51}, "person_name", "咨询人姓名不能超过50个字（现有51个字）。"),
        ({"answer": "答\x00"}, "answer", "解答要点含有不允许的控制字符，请删除后重新输入。"),
        ({"people_count": 2**31}, "people_count", "人次不能超过2147483647。"),
        (
            {"asked_at": datetime(2026, 6, 10, 9, 0)},
            "asked_at",
            "咨询时间须注明时区（如 2026-06-10T10:00:00+08:00）。",
        ),
        ({"asked_at": datetime(1, 1, 1, tzinfo=UTC)}, "asked_at", "咨询时间不能早于1990年1月1日。"),
    ],
)
def test_consultation_beyond_the_limits_is_refused_by_field(registrar, overrides, key, message):
    with pytest.raises(ValidationError) as e:
        record_consultation(by=registrar, data=data(**overrides))
    assert message in e.value.message_dict[key], e.value.message_dict
    assert Consultation.objects.count() == 0 and Person.objects.count() == 0


def test_consultation_at_the_limits_is_stored(registrar):
    c = record_consultation(
        by=registrar, data=data(question="问" * 500, answer="答" * 1000, person_name="张" * 50)
    )
    assert len(c.question) == 500 and len(c.answer) == 1000 and c.person_name == "张" * 50


def test_birth_date_in_the_id_number_in_the_future_is_refused(registrar):
    number = make_id_number("440303", timezone.localdate().replace(year=timezone.localdate().year + 2), 1)
    with pytest.raises(ValidationError) as e:
        record_consultation(by=registrar, data=data(person_name="张三", id_number=number))
    assert "身份证号中的出生日期不能晚于今天。" in e.value.message_dict["id_number"]


@pytest.mark.parametrize(
    "overrides", [{"asked_at": "0001-01-01T00:00"}, {"people_count": str(2**63)}, {"question": "\u200b"}]
)
def test_page_refuses_values_beyond_the_limits_without_a_500(client, registrar, overrides):
    client.force_login(registrar)
    response = client.post(reverse("consultations:list"), entry(**overrides))
    assert response.status_code == 200 and Consultation.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"asked_at": "2026-06-10T09:00:00"},
        {"question": "问" * 501},
        {"person_name": "张\x00"},
        {"people_count": 2**63},
    ],
)
def test_api_refuses_values_beyond_the_limits(client, registrar, overrides):
    client.force_login(registrar)
    body = {"asked_at": timezone.now().isoformat(), "channel": "hotline", "topic": "wages"}
    body |= {"question": "问", "answer": "答"} | overrides
    response = client.post("/api/v1/consultations", body, content_type="application/json")
    assert response.status_code in (400, 422), response.content
    assert response.json()["errors"] and Consultation.objects.count() == 0


@pytest.mark.parametrize("query", [{"asked_from": "0001-01-01"}, {"asked_to": "9999-12-31"}])
def test_list_filter_with_a_date_out_of_range_answers_without_a_500(client, registrar, query):
    client.force_login(registrar)
    assert client.get(reverse("consultations:list"), query).status_code == 200
