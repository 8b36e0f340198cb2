"""Every value a mediation action accepts keeps the limits of its column, through the action, the page and the
API, on both backends. The 1e20 claim that once broke the whole ledger on SQLite is refused with a Chinese message,
nothing is stored, and the list, its export and the API list still answer.

The action's own checks are asked with input built without the input model's validation (``model_construct``), as
code may hand it over; the page and the API refuse the same values through the model first."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.mediations.actions import (
    accept_mediation,
    add_follow_up,
    add_session,
    conclude_mediation,
    record_performance,
    register_mediation,
)
from xinfang.mediations.inputs import (
    AcceptIn,
    FollowUpIn,
    MediationConclusionIn,
    MediationIn,
    PerformanceIn,
    SessionIn,
    WorkerIn,
)
from xinfang.mediations.models import Mediation, MediationSession, Status
from xinfang.orgs.models import Employer
from xinfang.people.models import Person

NUL = "王\x00五"
INVISIBLE = "\u200b\u200c\u200e\u202d\u2069"


@pytest.fixture
def mediation_input(employer):
    def make(**overrides):
        data = {
            "body": "federation",
            "application_form": "written",
            "received_on": timezone.localdate() - timedelta(days=2),
            "dispute_type": "pay",
            "claims": "要求支付拖欠的三个月工资。",
            "workers": [WorkerIn.model_construct(name="王五", phone="13812345678")],
            "employer_id": employer.pk,
            "amount_claimed": Decimal("18000.00"),
        }
        data.update(overrides)
        return MediationIn.model_construct(**data)

    return make


def refused(by, data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        register_mediation(by=by, data=data)
    assert Mediation.objects.count() == 0 and Person.objects.count() == 0
    return e.value.message_dict


@pytest.mark.parametrize(
    "overrides,key,message",
    [
        (
            {"amount_claimed": Decimal("1e20")},
            "amount_claimed",
            "涉及金额（元）不能超过999999999999.99（最多12位整数）。",
        ),
        (
            {"amount_claimed": Decimal("1000000000000")},
            "amount_claimed",
            "涉及金额（元）不能超过999999999999.99（最多12位整数）。",
        ),
        ({"amount_claimed": Decimal("1.001")}, "amount_claimed", "涉及金额（元）最多保留2位小数。"),
        ({"people_count": 2**31}, "people_count", "涉及人数不能超过2147483647。"),
        ({"claims": "事" * 5001}, "claims", "申请调解事项和理由不能超过5000个字（现有5001个字）。"),
        ({"claims": INVISIBLE}, "claims", "请填写申请调解的事项和理由（口头申请请当场记录）。"),
        ({"mediators": "调" * 101}, "mediators", "调解员不能超过100个字（现有101个字）。"),
        ({"received_on": date(1989, 12, 31)}, "received_on", "收到申请日期不能早于1990年1月1日。"),
        ({"received_on": date(1, 1, 1)}, "received_on", "收到申请日期不能早于1990年1月1日。"),
        (
            {"workers": [WorkerIn.model_construct(name="王" * 51)]},
            "workers",
            "第1名劳动者：姓名不能超过50个字（现有51个字）。",
        ),
        (
            {"workers": [WorkerIn.model_construct(name=NUL)]},
            "workers",
            "第1名劳动者：姓名含有不允许的控制字符，请删除后重新输入。",
        ),
        ({"workers": [WorkerIn.model_construct(name=INVISIBLE)]}, "workers", "第1名劳动者：请填写姓名。"),
        (
            {"employer_id": None, "new_employer_name": "厂" * 101},
            "employer",
            "用人单位：单位名称不能超过100个字（现有101个字）。",
        ),
    ],
)
def test_registration_beyond_the_limits_is_refused_by_field(
    handler, mediation_input, overrides, key, message
):
    errors = refused(handler, mediation_input(**overrides))
    assert message in errors[key], errors


def test_registration_at_the_limits_is_stored(handler, mediation_input):
    m = register_mediation(
        by=handler,
        data=mediation_input(
            amount_claimed=Decimal("999999999999.99"),
            mediators="调" * 100,
            claims="事" * 5000,
            workers=[WorkerIn.model_construct(name="\u200b" + "王" * 50)],
            employer_id=None,
            new_employer_name="厂" * 100,
        ),
    )
    m = Mediation.objects.select_related("employer").get(pk=m.pk)
    assert m.amount_claimed == Decimal("999999999999.99") and len(m.claims) == 5000
    assert m.employer.name == "厂" * 100 and m.worker_names == "王" * 50


def test_later_steps_keep_the_limits(handler, mediation_input):
    m = register_mediation(by=handler, data=mediation_input(accepted_on=timezone.localdate()))
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        add_session(
            mediation=m,
            by=handler,
            data=SessionIn.model_construct(held_on=today, place="地" * 101, attendees="甲", minutes="记"),
        )
    assert e.value.message_dict["place"] == ["地点不能超过100个字（现有101个字）。"]
    with pytest.raises(ValidationError) as e:
        add_follow_up(
            mediation=m,
            by=handler,
            data=FollowUpIn.model_construct(kind="arbitration", on=today, note="说" * 501),
        )
    assert e.value.message_dict["note"] == ["说明不能超过500个字（现有501个字）。"]
    with pytest.raises(ValidationError) as e:
        conclude_mediation(
            mediation=m,
            by=handler,
            data=MediationConclusionIn.model_construct(
                version=m.version,
                result=Status.SETTLED,
                result_on=today,
                agreement_terms="支付",
                amount_agreed=Decimal("1e20"),
                performance_due_on=date(9999, 12, 31),
                performance_manner="转" * 201,
                archive_number="档" * 41,
            ),
        )
    assert set(e.value.message_dict) >= {
        "amount_agreed",
        "performance_due_on",
        "performance_manner",
        "archive_number",
    }
    m.refresh_from_db()
    assert (
        m.status == Status.MEDIATING and MediationSession.objects.count() == 0 and m.follow_ups.count() == 0
    )
    m = conclude_mediation(
        mediation=m,
        by=handler,
        data=MediationConclusionIn.model_construct(
            version=m.version,
            result=Status.SETTLED,
            result_on=today,
            agreement_terms="支付",
            amount_agreed=Decimal("100.00"),
            performance_due_on=today + timedelta(days=30),
            performance_manner="转账",
        ),
    )
    with pytest.raises(ValidationError) as e:
        record_performance(
            mediation=m,
            by=handler,
            data=PerformanceIn.model_construct(
                version=m.version, performance="performed", amount_recovered=Decimal("Infinity")
            ),
        )
    assert e.value.message_dict["amount_recovered"] == ["实际追回金额（元）不是有效的数字。"]


def test_acceptance_date_before_receipt_is_refused(handler, mediation_input):
    m = register_mediation(by=handler, data=mediation_input())
    with pytest.raises(ValidationError):
        accept_mediation(
            mediation=m,
            by=handler,
            data=AcceptIn.model_construct(version=m.version, accepted_on=date(1, 1, 1)),
        )


# --- the API and the ledger that must keep answering ----------------------------------------------------------


def api_body(employer, **overrides):
    data = {
        "body": "federation",
        "application_form": "written",
        "dispute_type": "pay",
        "employer_id": employer.pk,
        "received_on": str(timezone.localdate()),
        "claims": "工资",
        "workers": [{"name": "钱八"}],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_claimed": "1e20"},
        {"amount_claimed": "1000000000000"},
        {"people_count": 2**31},
        {"people_count": 2**63},
        {"claims": "工\x00资"},
        {"mediators": "调" * 101},
        {"workers": [{"name": "钱" * 51}]},
        {"employer_id": None, "new_employer_name": "厂" * 101},
        {"received_on": "0001-01-01"},
    ],
)
def test_api_refuses_values_beyond_the_limits_and_the_ledger_still_answers(
    client, handler, employer, overrides
):
    client.force_login(handler)
    response = client.post(
        "/api/v1/mediations", api_body(employer, **overrides), content_type="application/json"
    )
    assert response.status_code in (400, 422), response.content
    messages = [m for ms in response.json()["errors"].values() for m in ms]
    assert messages and all(any("\u4e00" <= c <= "\u9fff" for c in m) for m in messages)
    assert Mediation.objects.count() == 0 and Employer.objects.exclude(pk=employer.pk).count() == 0
    assert client.get(reverse("mediations:list")).status_code == 200
    assert client.get(reverse("mediations:export")).status_code == 200
    assert client.get("/api/v1/mediations").status_code == 200


# --- the page ----------------------------------------------------------------------------------------------------


def page_data(employer, **overrides):
    data = {
        "received_on": timezone.localdate().isoformat(),
        "application_form": "oral",
        "body": "federation",
        "dispute_type": "pay",
        "employer": employer.pk,
        "employer_name": employer.name,
        "people_count": 1,
        "amount_claimed": "5000.50",
        "claims": "口头申请：要求支付加班费。",
        "p-TOTAL_FORMS": 1,
        "p-INITIAL_FORMS": 0,
        "p-0-name": "赵六",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_claimed": "1e20"},
        {"people_count": str(2**63)},
        {"received_on": "0001-01-01"},
        {"claims": "事" * 5001},
        {"p-0-name": INVISIBLE},
    ],
)
def test_registration_page_refuses_values_beyond_the_limits_without_a_500(
    client, handler, employer, overrides
):
    client.force_login(handler)
    response = client.post(reverse("mediations:create"), page_data(employer, **overrides))
    assert response.status_code == 200
    assert Mediation.objects.count() == 0 and Person.objects.count() == 0
