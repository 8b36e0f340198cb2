"""The employers a contract covers (the registered ones, ``ContractEmployer``): picked on the create and edit pages,
shown on the contract's page linking to each employer's page; through the API an update that leaves them out keeps
them and an empty list clears them. Each is in the user's scope, the sole traders among them fit the count of sole
traders and the others the rest, and a change of the list is a change of the contract (the version check)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinfang.contracts.actions import register_contract, update_contract
from xinfang.contracts.models import Contract, ContractEmployer, EventKind
from xinfang.lib.exceptions import Conflict
from xinfang.orgs.models import Employer, EmployerQuerySet, Ownership

from .conftest import contract_input
from .test_pages import FORM


@pytest.fixture
def employers(committee):
    """Three registered employers: two companies and a sole trader."""
    return [
        Employer.objects.create(name="东湖精密机械有限公司", org=committee),
        Employer.objects.create(name="东湖物流有限公司", org=committee),
        Employer.objects.create(name="张记五金店", org=committee, ownership=Ownership.SOLE_TRADER),
    ]


def linked(contract: Contract) -> set[int]:
    return set(ContractEmployer.objects.filter(contract=contract).values_list("employer_id", flat=True))


def edit_form(contract: Contract, **changes) -> dict:
    return FORM | {"version": contract.version} | changes


def test_the_create_page_lists_several_employers_and_the_contract_page_links_them(client, handler, employers):
    a, b, trader = employers
    client.force_login(handler)
    saved = client.post(reverse("contracts:create"), FORM | {"employer_ids": [a.pk, trader.pk]})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    contract = Contract.objects.get()
    assert linked(contract) == {a.pk, trader.pk}
    page = client.get(saved["Location"]).content.decode()
    for e in (a, trader):
        assert f'<a href="{reverse("orgs:employer_detail", args=[e.pk])}">{e.name}</a>' in page
    assert b.name not in page
    # each employer's page lists the contract in its section, the other employer's does not
    assert contract.number in client.get(reverse("orgs:employer_detail", args=[a.pk])).content.decode()
    assert contract.number not in client.get(reverse("orgs:employer_detail", args=[b.pk])).content.decode()


def test_the_edit_page_shows_the_picked_employers_and_adds_removes_and_clears_them(
    client, handler, register, employers
):
    a, b, trader = employers
    c = register(employer_ids=[a.pk, b.pk])
    client.force_login(handler)
    edit = reverse("contracts:edit", args=[c.pk])
    form = client.get(edit).content.decode()
    for e in (a, b):  # a chip each, with its id, and the search box of the employer picker
        assert f'<input type="hidden" name="employer_ids" value="{e.pk}">{e.name}' in form
    assert trader.name not in form
    assert 'data-employer-multi="employer_ids"' in form and reverse("orgs:employer_search") in form

    assert client.post(edit, edit_form(c, employer_ids=[b.pk, trader.pk])).status_code == 302
    c.refresh_from_db()
    assert linked(c) == {b.pk, trader.pk} and c.version == 2
    event = c.events.filter(kind=EventKind.UPDATED).get()
    assert event.changes["覆盖的用人单位"] == {
        "from": "东湖物流有限公司；东湖精密机械有限公司",
        "to": "东湖物流有限公司；张记五金店",
    }
    assert contract_on_employer_page(client, c, a) is False and contract_on_employer_page(client, c, trader)

    # no chip left: none listed (the form sends no employer_ids at all)
    assert client.post(edit, edit_form(c)).status_code == 302
    c.refresh_from_db()
    assert linked(c) == set() and c.version == 3
    page = client.get(reverse("contracts:detail", args=[c.pk])).content.decode()
    shown = page.split('id="contract-employers">')[1].split("</dd>")[0]
    assert (
        shown == '<span class="text-muted">未列入用人单位名录中的单位</span>'
    )  # the history keeps the names


def contract_on_employer_page(client, contract: Contract, employer: Employer) -> bool:
    return contract.number in client.get(reverse("orgs:employer_detail", args=[employer.pk])).content.decode()


def test_an_edit_of_the_employers_alone_moves_the_version_and_a_stale_one_is_refused(
    client, handler, register, employers
):
    a, b, _ = employers
    c = register(employer_ids=[a.pk])
    client.force_login(handler)
    edit = reverse("contracts:edit", args=[c.pk])
    # two desks read version 1; the first changes the list only
    assert client.post(edit, edit_form(c, employer_ids=[a.pk, b.pk])).status_code == 302
    stale = client.post(edit, edit_form(c, employer_ids=[b.pk]))
    assert (
        stale.status_code == 200
        and "该集体合同已被他人修改，请刷新页面后重新操作。" in stale.content.decode()
    )
    c.refresh_from_db()
    assert linked(c) == {a.pk, b.pk} and c.version == 2
    # the same through the action: a stale version with the list unchanged but a count changed
    with pytest.raises(Conflict):
        update_contract(contract=c, by=handler, data=contract_input(employer_ids=[a.pk, b.pk], version=1))
    with pytest.raises(Conflict):
        update_contract(contract=c, by=handler, data=contract_input(employer_ids=[], version=1))
    assert linked(Contract.objects.get(pk=c.pk)) == {a.pk, b.pk}


def test_an_employer_outside_the_users_scope_is_refused_on_its_field(
    client, handler, register, employers, monkeypatch
):
    a, b, _ = employers
    c = register(employer_ids=[a.pk])
    # The employer register is shared by the whole district (``EmployerQuerySet.visible_to``); narrowed here to
    # show that the action asks the scope rule, and refuses what it leaves out.
    shared = EmployerQuerySet.visible_to
    monkeypatch.setattr(EmployerQuerySet, "visible_to", lambda qs, user: shared(qs, user).exclude(pk=b.pk))
    client.force_login(handler)
    refused = client.post(reverse("contracts:edit", args=[c.pk]), edit_form(c, employer_ids=[a.pk, b.pk]))
    assert refused.status_code == 200
    assert refused.context["form"].errors["employer_ids"] == [
        f"覆盖的用人单位：编号{b.pk}的单位不存在、已合并或不在您的管辖范围内，请重新选择。"
    ]
    assert linked(c) == {a.pk}
    with pytest.raises(ValidationError) as caught:
        contract_with(handler, employer_ids=[b.pk], employer_side="东湖街道另一企业联合会")
    assert list(caught.value.message_dict) == ["employer_ids"]


def contract_with(by, **overrides) -> Contract:
    return register_contract(by=by, data=contract_input(**overrides))


def test_a_merged_or_unknown_employer_is_refused(handler, employers):
    a, b, _ = employers
    Employer.objects.filter(pk=b.pk).update(merged_into=a)
    with pytest.raises(ValidationError) as caught:
        contract_with(handler, employer_ids=[a.pk, b.pk, 999999])
    assert caught.value.message_dict["employer_ids"] == [
        f"覆盖的用人单位：编号{b.pk}、999999的单位不存在、已合并或不在您的管辖范围内，请重新选择。"
    ]
    assert not Contract.objects.exists()


def test_the_counts_hold_the_employers_listed(handler, register, employers):
    a, b, trader = employers
    # a sole trader listed needs a sole trader counted
    with pytest.raises(ValidationError) as caught:
        contract_with(handler, employers_covered=120, sole_traders_covered=0, employer_ids=[a.pk, trader.pk])
    assert caught.value.message_dict == {
        "sole_traders_covered": [
            "其中个体工商户数（0）少于覆盖的用人单位中列入的个体工商户（1家：张记五金店）。"
        ]
    }
    # the two companies listed need two places besides the sole traders counted
    with pytest.raises(ValidationError) as caught:
        contract_with(
            handler, employers_covered=3, sole_traders_covered=2, employer_ids=[a.pk, b.pk, trader.pk]
        )
    assert list(caught.value.message_dict) == ["employers_covered"]
    assert "个体工商户以外的单位（2家）" in caught.value.message_dict["employers_covered"][0]
    # a single contract covers one employer: two listed are refused
    with pytest.raises(ValidationError) as caught:
        contract_with(handler, contract_type="single", employers_covered=1, employer_ids=[a.pk, b.pk])
    assert caught.value.message_dict["employer_ids"] == [
        "覆盖的用人单位：列入的单位（2家）多于覆盖企业数（1家）。"
    ]
    single = contract_with(
        handler, contract_type="single", employers_covered=1, sole_traders_covered=1, employer_ids=[trader.pk]
    )
    assert linked(single) == {trader.pk}
    # an edit that keeps the list (left out) must still fit its counts
    c = register(employer_ids=[a.pk, b.pk], signed_on=single.signed_on.replace(day=11))
    with pytest.raises(ValidationError) as caught:
        update_contract(
            contract=c,
            by=handler,
            data=contract_input(
                signed_on=c.signed_on, employers_covered=1, sole_traders_covered=0, version=c.version
            ),  # employer_ids left out
        )
    assert caught.value.message_dict["employer_ids"] == [
        "覆盖的用人单位：列入的单位（2家）多于覆盖企业数（1家）。"
    ]


@pytest.fixture
def api(handler):
    client = Client()
    client.force_login(handler)
    return client


def body(**overrides) -> dict:
    """The API's body: ``employer_ids`` left out unless given."""
    return contract_input(**overrides).model_dump(mode="json", exclude_unset=True)


def test_the_api_keeps_the_employers_left_out_replaces_them_given_and_clears_them_with_an_empty_list(
    api, employers, outsider
):
    a, b, trader = employers
    created = api.post("/api/v1/contracts", body(employer_ids=[a.pk, b.pk]), content_type="application/json")
    assert created.status_code == 201, created.content
    c = created.json()
    assert c["employer_ids"] == [a.pk, b.pk]
    url = f"/api/v1/contracts/{c['id']}"

    kept = api.put(url, body(workers_covered=3600, version=c["version"]), content_type="application/json")
    assert kept.status_code == 200, kept.content
    assert (kept.json()["employer_ids"], kept.json()["workers_covered"], kept.json()["version"]) == (
        [a.pk, b.pk],
        3600,
        2,
    )

    replaced = api.put(
        url, body(workers_covered=3600, employer_ids=[trader.pk], version=2), content_type="application/json"
    )
    assert replaced.status_code == 200, replaced.content
    assert (replaced.json()["employer_ids"], replaced.json()["version"]) == ([trader.pk], 3)

    stale = api.put(
        url, body(workers_covered=3600, employer_ids=[], version=2), content_type="application/json"
    )
    assert stale.status_code == 409
    assert linked(Contract.objects.get(pk=c["id"])) == {trader.pk}

    cleared = api.put(
        url, body(workers_covered=3600, employer_ids=[], version=3), content_type="application/json"
    )
    assert cleared.status_code == 200, cleared.content
    assert (cleared.json()["employer_ids"], cleared.json()["version"]) == ([], 4)
    assert linked(Contract.objects.get(pk=c["id"])) == set()
    assert api.get(url).json()["employer_ids"] == []

    other = Client()
    other.force_login(outsider)
    answer = other.put(url, body(employer_ids=[a.pk], version=4), content_type="application/json")
    assert answer.status_code == 404
    assert linked(Contract.objects.get(pk=c["id"])) == set()


def test_the_api_refuses_an_employer_outside_scope_naming_the_field(api, employers, monkeypatch):
    a, b, _ = employers
    shared = EmployerQuerySet.visible_to
    monkeypatch.setattr(EmployerQuerySet, "visible_to", lambda qs, user: shared(qs, user).exclude(pk=b.pk))
    answer = api.post("/api/v1/contracts", body(employer_ids=[a.pk, b.pk]), content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["errors"]["employer_ids"] == [
        f"覆盖的用人单位：编号{b.pk}的单位不存在、已合并或不在您的管辖范围内，请重新选择。"
    ]
    assert not Contract.objects.exists()


def test_the_schema_says_what_leaving_the_employers_out_and_an_empty_list_mean(api):
    schema = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    described = schema["ContractIn"]["properties"]["employer_ids"]["description"]
    assert "修改时不填则保留" in described and "空列表 [] 清除全部" in described
    assert "employer_ids" in schema["ContractOut"]["properties"]


def test_the_api_list_reads_the_employers_in_one_query(api, register, employers):
    a, b, _ = employers
    register(employer_ids=[a.pk])

    def listing() -> list:
        return api.get("/api/v1/contracts").json()["items"]

    listing()  # warm (the session, the user)
    with CaptureQueriesContext(connection) as one:
        assert [i["employer_ids"] for i in listing()] == [[a.pk]]
    for day, ids in ((12, [b.pk]), (13, [a.pk, b.pk])):
        register(employer_ids=ids, signed_on=date(2026, 9, day))
    with CaptureQueriesContext(connection) as three:
        assert sorted(i["employer_ids"] for i in listing()) == [[a.pk], [a.pk, b.pk], [b.pk]]
    assert len(three) == len(one)


def test_a_bad_employer_id_is_refused_on_its_field(client, handler, register, api):
    c = register()
    client.force_login(handler)
    refused = client.post(reverse("contracts:edit", args=[c.pk]), edit_form(c, employer_ids=["x"]))
    assert refused.context["form"].errors["employer_ids"] == ["所选用人单位无效，请从查找结果中重新选择。"]
    answer = api.put(
        f"/api/v1/contracts/{c.pk}",
        body(version=c.version) | {"employer_ids": [0]},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert [k for k in answer.json()["errors"] if k.startswith("employer_ids")], answer.json()
    assert Contract.objects.get(pk=c.pk).version == c.version


def test_the_multiple_picker_does_not_promise_a_new_employer(client, handler, employers):
    """A registration form registers a new name on saving; the contract's list of registered employers does not."""
    client.force_login(handler)
    search = reverse("orgs:employer_search")
    single = client.get(search, {"employer_name": "无此单位名称"}).content.decode()
    multi = client.get(search, {"employer_name": "无此单位名称", "picker": "multi"}).content.decode()
    assert "保存时将作为新单位登记" in single and "保存时将作为新单位登记" not in multi
    assert "用人单位名录中未找到该单位" in multi
    found = client.get(search, {"employer_name": "东湖", "picker": "multi"}).content.decode()
    assert f'data-employer-id="{employers[0].pk}"' in found
