"""A new employer is matched before it is created: the same credit code or exactly the same name is reused, a
close name is a question to the clerk (page and API), never a silent duplicate."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.creditcode import make_credit_code
from xinfang.orgs.models import Employer
from xinfang.petitions.actions import register_petition
from xinfang.petitions.inputs import EmployerNew
from xinfang.petitions.models import Petition

FULL_NAME = "深圳市万家东方服饰有限公司"


@pytest.fixture
def wanjia(committee):
    return Employer.objects.create(
        name=FULL_NAME, credit_code=make_credit_code("91440303MA5WJDF01"), org=committee
    )


def petition_form(category, **overrides):
    data = {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "direct",
        "people_count": "1",
        "kind": "claim",
        "category": str(category.pk),
        "employer": "",
        "employer_name": "",
        "request": "要求支付拖欠工资。",
        "facts": "单位拖欠三个月工资。",
        "reasons": "依法应支付。",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "张三",
        "p-0-role": "main",
        "p-0-phone": "13812345678",
    }
    return data | overrides


def mediation_form(**overrides):
    data = {
        "received_on": timezone.localdate().isoformat(),
        "application_form": "oral",
        "body": "federation",
        "dispute_type": "pay",
        "employer": "",
        "employer_name": "",
        "people_count": 1,
        "claims": "口头申请：要求支付加班费。",
        "p-TOTAL_FORMS": 1,
        "p-INITIAL_FORMS": 0,
        "p-0-name": "赵六",
    }
    return data | overrides


def test_a_close_name_on_the_registration_page_asks_and_saves_nothing(client, registrar, category, wanjia):
    client.force_login(registrar)
    response = client.post(reverse("petitions:create"), petition_form(category, employer_name="万家东方"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"被反映单位：已登记名称相近的单位：{FULL_NAME}（{wanjia.credit_code}）" in page
    assert f'data-employer-id="{wanjia.pk}"' in page  # offered to pick
    assert 'name="employer_confirm_new"' in page and "确认新建用人单位" in page
    assert Petition.objects.count() == 0 and Employer.objects.count() == 1


def test_the_confirmed_new_employer_is_created(client, registrar, category, wanjia):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"),
        petition_form(category, employer_name="万家东方", employer_confirm_new="on"),
    )
    assert response.status_code == 302
    employer = Petition.objects.get().employer
    assert employer is not None
    assert employer.name == "万家东方"
    assert Employer.objects.count() == 2


def test_picking_the_offered_employer_files_the_petition_under_it(client, registrar, category, wanjia):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"), petition_form(category, employer=str(wanjia.pk), employer_name=FULL_NAME)
    )
    assert response.status_code == 302 and Petition.objects.get().employer == wanjia


@pytest.mark.parametrize("typed", [FULL_NAME, f"  {FULL_NAME} "])
def test_the_exact_name_on_the_registration_page_reuses_the_employer(
    client, registrar, category, wanjia, typed
):
    client.force_login(registrar)
    response = client.post(reverse("petitions:create"), petition_form(category, employer_name=typed))
    assert response.status_code == 302
    assert Petition.objects.get().employer == wanjia and Employer.objects.count() == 1


def test_the_same_credit_code_reuses_the_employer_whatever_the_name(registrar, petition_input, wanjia):
    petition = register_petition(
        by=registrar,
        data=petition_input(
            new_employer=EmployerNew(name="万家东方", credit_code=wanjia.credit_code.lower())
        ),
    )
    assert petition.employer == wanjia and Employer.objects.count() == 1


def test_the_exact_name_with_another_credit_code_is_a_question(registrar, petition_input, wanjia):
    other_code = make_credit_code("91440303MA5WJDF02")
    with pytest.raises(ValidationError) as e:
        register_petition(
            by=registrar,
            data=petition_input(new_employer=EmployerNew(name=FULL_NAME, credit_code=other_code)),
        )
    assert e.value.message_dict["employer"][0].startswith("被反映单位：已登记名称相近的单位：")


def test_a_name_that_is_not_close_is_created_without_a_question(registrar, petition_input, wanjia):
    petition = register_petition(
        by=registrar, data=petition_input(new_employer=EmployerNew(name="新华电子厂"))
    )
    assert petition.employer is not None
    assert petition.employer.name == "新华电子厂" and Employer.objects.count() == 2


def test_the_mediation_page_asks_too_naming_its_field(client, handler, wanjia):
    from xinfang.mediations.models import Mediation

    client.force_login(handler)
    response = client.post(
        reverse("mediations:create"), mediation_form(employer_name="万家东方服饰股份有限公司")
    )
    page = response.content.decode()
    assert response.status_code == 200 and f"用人单位：已登记名称相近的单位：{FULL_NAME}" in page
    assert Mediation.objects.count() == 0
    confirmed = client.post(
        reverse("mediations:create"),
        mediation_form(employer_name="万家东方服饰股份有限公司", employer_confirm_new="on"),
    )
    assert confirmed.status_code == 302 and Employer.objects.count() == 2


def test_the_mediation_page_reuses_the_exact_name(client, handler, wanjia):
    from xinfang.mediations.models import Mediation

    client.force_login(handler)
    response = client.post(reverse("mediations:create"), mediation_form(employer_name=FULL_NAME))
    assert response.status_code == 302 and Mediation.objects.get().employer == wanjia


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_the_api_answers_422_with_the_same_question_unless_confirmed(client, registrar, wanjia):
    client.force_login(registrar)
    refused = _post(client, "/api/v1/employers", {"name": "万家东方"})
    assert refused.status_code == 422
    assert refused.json()["errors"]["name"] == [
        f"单位名称：已登记名称相近的单位：{FULL_NAME}（{wanjia.credit_code}）。请选择已登记的单位；"
        "确为另一家单位的，请勾选“确认新建用人单位”后再保存。"
    ]
    created = _post(client, "/api/v1/employers", {"name": "万家东方", "confirm_new": True})
    assert created.status_code == 201 and created.json()["name"] == "万家东方"


def test_the_api_answers_the_registered_employer_for_its_name_or_credit_code(client, registrar, wanjia):
    client.force_login(registrar)
    by_name = _post(client, "/api/v1/employers", {"name": FULL_NAME})
    by_code = _post(client, "/api/v1/employers", {"name": "随便", "credit_code": wanjia.credit_code})
    assert by_name.status_code == by_code.status_code == 200
    assert by_name.json()["id"] == by_code.json()["id"] == wanjia.pk
    assert Employer.objects.count() == 1


def test_petition_and_mediation_api_registration_ask_too(client, handler, category, wanjia, valid_id):
    client.force_login(handler)
    petition = {
        "channel": "visit",
        "received_at": timezone.now().isoformat(),
        "kind": "claim",
        "category_id": category.pk,
        "request": "要求支付拖欠工资。",
        "facts": "单位拖欠三个月工资。",
        "reasons": "依法应支付。",
        "petitioners": [{"name": "张三", "phone": "13812345678"}],
        "new_employer": {"name": "万家东方"},
    }
    refused = _post(client, "/api/v1/petitions", petition)
    assert refused.status_code == 422 and "已登记名称相近的单位" in refused.json()["errors"]["employer"][0]
    petition["new_employer"]["confirm_new"] = True
    assert _post(client, "/api/v1/petitions", petition).status_code == 201
    mediation = {
        "body": "federation",
        "application_form": "oral",
        "received_on": timezone.localdate().isoformat(),
        "dispute_type": "pay",
        "claims": "要求支付加班费。",
        "workers": [{"name": "赵六", "id_number": valid_id}],
        "new_employer_name": "万家东方服饰",
    }
    refused = _post(client, "/api/v1/mediations", mediation)
    assert refused.status_code == 422 and "已登记名称相近的单位" in refused.json()["errors"]["employer"][0]
    assert _post(client, "/api/v1/mediations", mediation | {"confirm_new_employer": True}).status_code == 201


def test_the_typeahead_offers_close_names_not_only_containing_ones(client, registrar, wanjia):
    client.force_login(registrar)
    # "万家东方服饰股份有限公司" is not part of the registered name, but it is the same employer.
    response = client.get(reverse("orgs:employer_search"), {"employer_name": "万家东方服饰股份有限公司"})
    assert f'data-employer-id="{wanjia.pk}"' in response.content.decode()
    assert 'role="option"' in response.content.decode()


def test_the_typeahead_is_asked_on_input_by_a_static_script(client, registrar):
    client.force_login(registrar)
    page = client.get(reverse("petitions:create")).content.decode()
    assert 'hx-trigger="employer-search"' in page and "data-employer-search" in page
    assert "keyup" not in page
    assert "<script>" not in page  # no inline script (Content-Security-Policy)
