"""Every value a petition action accepts keeps the limits of the column it goes into, through the action, the
page and the API, on both backends: a Chinese message naming the field and the limit, never a 500, nothing
stored. Record dates lie from 1990 to today; the 检举控告类 default (confidential) is the action's.

The action's own checks are asked with input built without the input model's validation (``model_construct``), as
code may hand it over; the page and the API refuse the same values through the model first."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.lib.idnumber import make_id_number
from xinfang.orgs.models import Employer
from xinfang.people.models import Person
from xinfang.petitions.actions import (
    add_handling_note,
    conclude_petition,
    correct_petition,
    decide_intake,
    register_petition,
    supervise_petition,
)
from xinfang.petitions.inputs import (
    ConclusionIn,
    CorrectionIn,
    EmployerNew,
    IntakeDecisionIn,
    NoteIn,
    PetitionerIn,
    PetitionIn,
    SupervisionIn,
)
from xinfang.petitions.models import IntakeDecision, Kind, NoteKind, Petition, Source

from .test_registration import form_data

NUL = "张\x00三"
SURROGATE = "张\ud800三"
INVISIBLE = "\u200b\u200d\ufeff\u202e\u2066"


@pytest.fixture
def petition_input(petition_input):
    """Valid registration input whose overrides are not validated by the input model."""

    def make(**overrides):
        return PetitionIn.model_construct(**(dict(petition_input()) | overrides))

    return make


def refused(by, data) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        register_petition(by=by, data=data)
    assert Petition.objects.count() == 0 and Person.objects.count() == 0
    return e.value.message_dict


# (field, value at the limit, value beyond it, key of the error, words of the message)
TEXT_LIMITS = [
    ("request", "请" * 5000, "请" * 5001, "request", "信访请求不能超过5000个字"),
    ("facts", "事" * 5000, "事" * 5001, "facts", "事实不能超过5000个字"),
    ("reasons", "理" * 5000, "理" * 5001, "reasons", "理由不能超过5000个字"),
]


@pytest.mark.parametrize("field,ok,too_long,key,message", TEXT_LIMITS)
def test_petition_texts_at_their_limit_are_stored_and_beyond_it_refused(
    registrar, petition_input, field, ok, too_long, key, message
):
    with pytest.raises(ValidationError):
        register_petition(by=registrar, data=petition_input(**{field: too_long}))
    assert Petition.objects.count() == 0
    petition = register_petition(by=registrar, data=petition_input(**{field: ok}))
    assert len(getattr(Petition.objects.get(pk=petition.pk), field)) == len(ok)


def test_text_beyond_its_limit_names_the_field_and_the_limit(registrar, petition_input):
    errors = refused(registrar, petition_input(facts="事" * 5001))
    assert errors["facts"] == ["事实不能超过5000个字（现有5001个字）。"]


def test_source_ref_over_50_characters_is_refused(registrar, petition_input, upper):
    data = petition_input(source=Source.TRANSFERRED, source_org_id=upper.pk, source_ref="文" * 51)
    assert refused(registrar, data)["source_ref"] == ["转送/交办文号不能超过50个字（现有51个字）。"]
    data = petition_input(source=Source.TRANSFERRED, source_org_id=upper.pk, source_ref="文" * 50)
    assert register_petition(by=registrar, data=data).source_ref == "文" * 50


@pytest.mark.parametrize(
    "person,message",
    [
        (PetitionerIn.model_construct(name="张" * 51), "第1位信访人：姓名不能超过50个字（现有51个字）。"),
        (
            PetitionerIn.model_construct(name="张三", address="址" * 201),
            "第1位信访人：住址不能超过200个字（现有201个字）。",
        ),
        (PetitionerIn.model_construct(name=NUL), "第1位信访人：姓名含有不允许的控制字符，请删除后重新输入。"),
        (
            PetitionerIn.model_construct(name=SURROGATE),
            "第1位信访人：姓名含有无效的字符（不成对的代理码位），请重新输入。",
        ),
        (PetitionerIn.model_construct(name=INVISIBLE), "第1位信访人：请填写姓名。"),
        (PetitionerIn.model_construct(name="张三", gender="MM"), "第1位信访人：性别无效。"),
    ],
)
def test_petitioner_beyond_the_person_registers_limits_is_refused(registrar, petition_input, person, message):
    assert message in refused(registrar, petition_input(petitioners=[person]))["petitioners"]


def test_petitioner_at_the_limits_is_stored_without_invisible_characters(registrar, petition_input):
    person = PetitionerIn.model_construct(name="\u200b" + "张" * 50 + "\u202e", address="址" * 200)
    petition = register_petition(by=registrar, data=petition_input(petitioners=[person]))
    stored = Person.objects.get(petitions_as_party__petition=petition)
    assert stored.name == "张" * 50 and len(stored.address) == 200


@pytest.mark.parametrize("year", [1899, timezone.localdate().year + 1])
def test_birth_date_in_the_id_number_before_1900_or_in_the_future_is_refused(registrar, petition_input, year):
    number = make_id_number("440303", timezone.localdate().replace(year=year), 123)
    errors = refused(
        registrar, petition_input(petitioners=[PetitionerIn.model_construct(name="张三", id_number=number)])
    )
    assert any("身份证号中的出生日期" in m for m in errors["petitioners"])


def test_new_employer_name_over_100_characters_is_refused(registrar, petition_input):
    data = petition_input(new_employer=EmployerNew.model_construct(name="厂" * 101))
    assert refused(registrar, data)["employer"] == ["被反映单位：单位名称不能超过100个字（现有101个字）。"]
    assert Employer.objects.count() == 0
    petition = register_petition(
        by=registrar, data=petition_input(new_employer=EmployerNew.model_construct(name="厂" * 100))
    )
    assert petition.employer is not None
    assert petition.employer.name == "厂" * 100


@pytest.mark.parametrize(
    "amount,message",
    [
        (Decimal("1000000000000"), "涉及金额（元）不能超过999999999999.99（最多12位整数）。"),
        (Decimal("1e20"), "涉及金额（元）不能超过999999999999.99（最多12位整数）。"),
        (Decimal("12.345"), "涉及金额（元）最多保留2位小数。"),
        (Decimal("NaN"), "涉及金额（元）不是有效的数字。"),
        (Decimal("Infinity"), "涉及金额（元）不是有效的数字。"),
    ],
)
def test_amount_beyond_the_columns_digits_is_refused(registrar, petition_input, amount, message):
    assert refused(registrar, petition_input(amount=amount))["amount"] == [message]


def test_largest_amount_the_column_holds_is_stored_and_its_page_answers(client, registrar, petition_input):
    petition = register_petition(by=registrar, data=petition_input(amount=Decimal("999999999999.99")))
    assert Petition.objects.get(pk=petition.pk).amount == Decimal("999999999999.99")
    client.force_login(registrar)
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 200
    assert client.get(reverse("petitions:list")).status_code == 200


@pytest.mark.parametrize("count", [2**31, 2**63])
def test_people_count_beyond_the_integer_column_is_refused(registrar, petition_input, count):
    assert refused(registrar, petition_input(people_count=count))["people_count"] == [
        "人数不能超过2147483647。"
    ]


@pytest.mark.parametrize(
    "received_at,message",
    [
        (datetime(2026, 6, 10, 9, 0), "收到时间须注明时区（如 2026-06-10T10:00:00+08:00）。"),
        (datetime(1989, 12, 31, 12, 0, tzinfo=UTC), "收到时间不能早于1990年1月1日。"),
        (datetime(1, 1, 1, tzinfo=UTC), "收到时间不能早于1990年1月1日。"),
        (None, "请填写收到时间。"),
    ],
)
def test_received_at_without_a_zone_or_before_1990_is_refused(
    registrar, petition_input, received_at, message
):
    assert refused(registrar, petition_input(received_at=received_at))["received_at"] == [message]


def test_received_at_in_the_future_is_refused(registrar, petition_input):
    later = timezone.now() + timedelta(hours=1)
    assert refused(registrar, petition_input(received_at=later))["received_at"] == [
        "收到时间不能晚于当前时间。"
    ]


def test_correction_keeps_the_same_limits(registrar, make_petition):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        correct_petition(
            petition=petition,
            by=registrar,
            data=CorrectionIn.model_construct(
                version=petition.version, facts="事" * 5001, amount=Decimal("1e20")
            ),
        )
    assert set(e.value.message_dict) == {"facts", "amount"}
    petition.refresh_from_db()
    assert petition.facts == "单位拖欠三个月工资。" and petition.amount is None and petition.version == 1


def test_later_steps_keep_the_limits_of_their_columns(registrar, handler, approver, accepted):
    with pytest.raises(ValidationError) as e:
        add_handling_note(
            petition=accepted,
            by=handler,
            data=NoteIn.model_construct(kind=NoteKind.NOTE, text="记" * 5001, happened_on=date_ago(0)),
        )
    assert e.value.message_dict["text"] == ["内容不能超过5000个字（现有5001个字）。"]
    with pytest.raises(ValidationError) as e:
        add_handling_note(
            petition=accepted,
            by=handler,
            data=NoteIn.model_construct(
                kind=NoteKind.NOTE, text="电话", happened_on=datetime(1, 1, 1).date()
            ),
        )
    assert "happened_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        supervise_petition(
            petition=accepted, by=approver, data=SupervisionIn.model_construct(note="督" * 501)
        )
    assert e.value.message_dict["note"] == ["督办意见不能超过500个字（现有501个字）。"]
    with pytest.raises(ValidationError) as e:
        conclude_petition(
            petition=accepted,
            by=handler,
            data=ConclusionIn.model_construct(
                version=accepted.version,
                outcome="upheld",
                decision_text="支持",
                legal_basis="依" * 501,
                replied_on=date_ago(0),
                delivery="in_person",
                amount_recovered=Decimal("1e20"),
            ),
        )
    assert set(e.value.message_dict) >= {"legal_basis", "amount_recovered"}
    accepted.refresh_from_db()
    assert accepted.notes.count() == 0 and accepted.supervised_at is None and accepted.outcome == ""


def test_intake_reason_over_500_characters_is_refused(registrar, handler, make_petition):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        decide_intake(
            petition=petition,
            by=handler,
            data=IntakeDecisionIn.model_construct(
                decision=IntakeDecision.REJECT, reason_code="outside_remit", version=1, reason="理" * 501
            ),
        )
    assert e.value.message_dict["reason"] == ["决定说明不能超过500个字（现有501个字）。"]


def date_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


# --- the page ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"received_at": "0001-01-01T00:00"}, "received_at"),
        ({"received_at": "9999-12-31T23:59"}, "received_at"),
        ({"people_count": str(2**63)}, "people_count"),
        ({"people_count": str(2**31)}, "people_count"),
        ({"amount": "1e20"}, "amount"),
        ({"amount": "1000000000000"}, "amount"),
        ({"p-0-name": "张" * 51}, None),
        ({"p-0-name": NUL}, None),
        ({"p-0-name": INVISIBLE}, None),
        ({"employer_name": "厂" * 101}, "employer_name"),
        ({"facts": "事" * 5001}, "facts"),
    ],
)
def test_registration_page_refuses_values_beyond_the_limits_without_a_500(
    client, registrar, category, overrides, field
):
    client.force_login(registrar)
    response = client.post(reverse("petitions:create"), form_data(category, **overrides))
    assert response.status_code == 200
    assert Petition.objects.count() == 0 and Person.objects.count() == 0 and Employer.objects.count() == 0
    form = response.context["form"]
    formset = response.context["formset"]
    if field is not None:
        assert form.errors.get(field), form.errors
    else:
        assert formset.errors[0] or form.non_field_errors()


def test_untouched_accusation_form_registers_a_confidential_petition_without_javascript(
    client, registrar, category
):
    """RULES.md 1.6: 检举控告类 is confidential by default. The page sends no choice unless the registrar made one,
    so the action's default applies even where JavaScript did not run."""
    client.force_login(registrar)
    page = client.get(reverse("petitions:create")).content.decode()
    assert 'name="is_confidential"' in page
    response = client.post(reverse("petitions:create"), form_data(category, kind="accusation"))
    assert response.status_code == 302
    assert Petition.objects.get().is_confidential


@pytest.mark.parametrize(
    "kind,choice,expected",
    [
        ("accusation", "", True),
        ("accusation", "no", False),
        ("claim", "", False),
        ("claim", "yes", True),
    ],
)
def test_registrars_explicit_confidentiality_choice_wins_over_the_default(
    client, registrar, category, kind, choice, expected
):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"), form_data(category, kind=kind, is_confidential=choice)
    )
    assert response.status_code == 302
    assert Petition.objects.get().is_confidential is expected


# --- the API -------------------------------------------------------------------------------------------------


def api_payload(category, **overrides):
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


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount": "1e20"},
        {"amount": "1000000000000"},
        {"people_count": 2**31},
        {"people_count": 2**63},
        {"source": "transferred", "source_ref": "文" * 51},
        {"petitioners": [{"name": "张" * 51}]},
        {"petitioners": [{"name": "张三", "address": "址" * 201}]},
        {"petitioners": [{"name": NUL}]},
        {"petitioners": [{"name": INVISIBLE}]},
        {"new_employer": {"name": "厂" * 101}},
        {"request": "请\x00求"},
        {"received_at": "2026-06-10T09:00:00"},
        {"received_at": "1989-12-31T12:00:00+08:00"},
    ],
)
def test_api_refuses_values_beyond_the_limits_with_a_chinese_message_and_stores_nothing(
    client, registrar, category, upper, overrides
):
    if overrides.get("source"):
        overrides["source_org_id"] = upper.pk
    _, key = ApiToken.issue(user=registrar, name="t")
    response = client.post(
        "/api/v1/petitions",
        api_payload(category, **overrides),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert body["errors"] and all(
        any("\u4e00" <= c <= "\u9fff" for c in "".join(m)) for m in body["errors"].values()
    )
    assert Petition.objects.count() == 0 and Person.objects.count() == 0 and Employer.objects.count() == 0


def test_api_refuses_a_lone_surrogate(client, registrar, category):
    _, key = ApiToken.issue(user=registrar, name="t")
    good = api_payload(category, petitioners=[{"name": "SURROGATE"}])
    body = json.dumps(good, ensure_ascii=True).replace("SURROGATE", "\\ud800")
    response = client.post(
        "/api/v1/petitions", body, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code in (400, 422), response.content
    assert Petition.objects.count() == 0 and Person.objects.count() == 0


def test_accusation_registered_through_the_api_without_a_choice_is_confidential(client, registrar, category):
    _, key = ApiToken.issue(user=registrar, name="t")
    response = client.post(
        "/api/v1/petitions",
        api_payload(category, kind=Kind.ACCUSATION),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201 and response.json()["is_confidential"] is True


def test_check_stored_limits_lists_a_value_stored_before_the_checks(registrar, make_petition):
    from django.core.management import CommandError, call_command
    from django.db import connection

    petition = make_petition(registrar)
    call_command("check_stored_limits")  # nothing to report
    with connection.cursor() as cursor:  # as the unchecked API once stored it
        cursor.execute("UPDATE petitions_petition SET facts = %s WHERE id = %s", ["事" * 5001, petition.pk])
    with pytest.raises(CommandError, match="共1处"):
        call_command("check_stored_limits")


def test_correction_reason_with_a_nul_byte_is_refused(registrar, make_petition):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        correct_petition(
            petition=petition,
            by=registrar,
            data=CorrectionIn.model_construct(
                version=petition.version, facts="更正后的事实。", reason="笔误\x00"
            ),
        )
    assert e.value.message_dict["reason"] == ["更正理由含有不允许的控制字符，请删除后重新输入。"]
    petition.refresh_from_db()
    assert petition.version == 1


@pytest.mark.parametrize("query", [{"received_from": "0001-01-01"}, {"received_to": "9999-12-31"}])
def test_list_filter_with_a_date_out_of_range_answers_without_a_500(client, registrar, make_petition, query):
    petition = make_petition(registrar)
    client.force_login(registrar)
    response = client.get(reverse("petitions:list"), query)
    assert response.status_code == 200 and petition.number in response.content.decode()
