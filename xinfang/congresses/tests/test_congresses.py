"""The workers' congress ledger on the kit: entry and correction with their checks, scope, the list, export,
import (good, bad, twice) and the API."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xinfang.congresses.contributions import LEDGER
from xinfang.congresses.models import Congress
from xinfang.imports.tests.conftest import headers_of, problems_of, xlsx
from xinfang.lib.exceptions import Conflict, NotAllowed


def form(**overrides):
    data = {
        "union_name": "东湖餐饮行业工会联合会",
        "level": "industry",
        "held_on": "2026-03-18",
        "term": "2",
        "term_start": "2025-01-01",
        "term_end": "2027-12-31",
        "representatives": "205",
        "present": "198",
        "employer_count": "36",
        "employers": "",
        "agenda": "审议通过工资集体协商方案\n审议通过集体合同草案",
    }
    return data | overrides


def congress_in(**overrides):
    data = form(**overrides)
    if isinstance(data["employers"], str):  # the form's text box; the input takes a list
        data.pop("employers")
    return LEDGER.input.model_validate(data)


create_congress, update_congress = LEDGER.create, LEDGER.update  # the kit's actions, from the declaration


@pytest.fixture
def congress(committee_registrar):
    return create_congress(by=committee_registrar, data=congress_in())


def test_the_create_page_saves_and_shows_the_congress(client, committee_registrar, employer):
    client.force_login(committee_registrar)
    response = client.post(reverse("congresses:create"), form(employers=employer.name))
    congress = Congress.objects.get()
    assert response.url == reverse("congresses:detail", args=[congress.pk])
    assert congress.org == committee_registrar.org and list(congress.employers.all()) == [employer]
    page = client.get(response.url).content.decode()
    assert "东湖餐饮行业工会联合会" in page and "登记" in page and "审议通过集体合同草案" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"present": "206"}, "present", "实到代表不能多于代表总数"),
        ({"term_end": "2024-12-31"}, "term_end", "届满日期不能早于起始日期"),
        ({"held_on": "2024-06-01"}, "held_on", "召开日期应在本届任期内"),
        ({"employers": "不存在的公司"}, "employers", "用人单位名录中没有：不存在的公司"),
        ({"representatives": "0"}, "representatives", ""),
    ],
)
def test_bad_input_is_refused_by_field_in_chinese(client, committee_registrar, change, field, message):
    client.force_login(committee_registrar)
    response = client.post(reverse("congresses:create"), form(**change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in "".join(errors[field])
    assert not Congress.objects.exists()


def test_the_same_congress_twice_is_refused(committee_registrar, congress):
    with pytest.raises(Exception, match="已登记"):
        create_congress(by=committee_registrar, data=congress_in())


def test_an_edit_is_recorded_and_a_stale_version_is_a_conflict(client, committee_registrar, congress):
    client.force_login(committee_registrar)
    url = reverse("congresses:edit", args=[congress.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form(present="200", version=str(congress.version)))
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.present == 200 and congress.version == 2
    event = congress.events.last()
    assert event.kind == "updated" and event.changes["实到代表"] == {"from": 198, "to": 200}
    stale = client.post(url, form(present="190", version="1"))
    assert "已被他人修改" in stale.content.decode()
    with pytest.raises(Conflict):
        update_congress(congress=congress, by=committee_registrar, data=congress_in(present=190, version=1))


def test_scope_outsider_gets_404_and_cannot_edit(client, outsider, congress):
    client.force_login(outsider)
    assert client.get(reverse("congresses:detail", args=[congress.pk])).status_code == 404
    assert client.get(reverse("congresses:edit", args=[congress.pk])).status_code == 404
    assert "东湖餐饮" not in client.get(reverse("congresses:list")).content.decode()
    with pytest.raises(NotAllowed):
        update_congress(congress=congress, by=outsider, data=congress_in(present=100))


def test_a_leader_may_read_but_not_enter(leader):
    with pytest.raises(NotAllowed):
        create_congress(by=leader, data=congress_in())


def test_the_list_filters_pages_and_totals(
    client, registrar, committee_registrar, django_assert_max_num_queries
):
    for i in range(60):
        level = ["enterprise", "regional", "industry"][i % 3]
        create_congress(by=committee_registrar, data=congress_in(union_name=f"工会{i}", level=level))
    client.force_login(registrar)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("congresses:list"))
    assert len(response.context["rows"]) == 50 and response.context["page"].next_cursor
    assert (
        response.context["totals"] is None and "totals=1" in response.content.decode()
    )  # asked for once shown
    asked = client.get(reverse("congresses:list"), {"totals": "1"}, HTTP_HX_REQUEST="true")
    assert "<html" not in asked.content.decode()
    totals = {title: value for title, value, _ in asked.context["totals"]}
    assert totals["召开职代会"] == 60 and totals["召开区域性职代会"] == 20
    second = client.get(
        reverse("congresses:list"), {"cursor": response.context["page"].next_cursor}, HTTP_HX_REQUEST="true"
    )
    assert len(second.context["rows"]) == 10 and "<html" not in second.content.decode()
    filtered = client.get(reverse("congresses:list"), {"level": "regional", "q": "工会1"})
    assert {r.level for r, _ in filtered.context["rows"]} == {"regional"}


def test_the_export_has_the_import_columns_and_imports_again(
    client, registrar, committee_registrar, congress, run_import
):
    client.force_login(registrar)
    response = client.get(reverse("imports:export", args=["congresses"]), {"level": "industry"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert headers_of("congresses") in rows
    job = run_import(registrar, "congresses", response.content)
    assert job.status == "committed" and Congress.objects.count() == 1  # on file: kept


def test_import_good_bad_and_twice(registrar, committee, run_import):
    headers = headers_of("congresses")
    good = [
        "南湖物流行业工会联合会",
        date(2026, 5, 6),
        "行业性职代会",
        1,
        date(2026, 1, 1),
        date(2028, 12, 31),
        80,
        70,
        12,
        "",
        "审议通过集体合同草案",
        committee.name,
    ]
    job = run_import(registrar, "congresses", xlsx(headers, [good]))
    assert job.status == "committed" and Congress.objects.get().events.get().kind == "imported"
    again = run_import(registrar, "congresses", xlsx(headers, [good]))
    assert again.status == "committed" and Congress.objects.count() == 1
    bad = [good[:7] + [90] + good[8:], ["", *good[1:]]]
    bad[0][0] = "另一个工会"
    job = run_import(registrar, "congresses", xlsx(headers, bad))
    assert job.status == "refused" and Congress.objects.count() == 1
    problems = problems_of(job)
    assert any(p[1] == "实到代表" and "不能多于" in p[2] for p in problems)
    assert any(p[0] == 3 and p[1] == "召开工会" for p in problems)


def test_the_api_lists_creates_and_updates_through_the_same_rules(
    client, committee_registrar, outsider, congress
):
    client.force_login(committee_registrar)
    listed = client.get("/api/v1/congresses", {"level": "industry"}).json()
    assert [item["id"] for item in listed["items"]] == [congress.pk]
    assert client.get("/api/v1/congresses").json()["items"][0]["id"] == congress.pk
    assert client.get("/api/v1/congresses", {"level": "regional"}).json()["items"] == []
    assert client.get("/api/v1/congresses", {"level": "nonsense"}).status_code == 422
    body = congress_in(union_name="新工会").model_dump(mode="json")
    created = client.post("/api/v1/congresses", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["union_name"] == "新工会"
    bad = client.post(
        "/api/v1/congresses", body | {"union_name": "再一个", "present": 999}, content_type="application/json"
    )
    assert bad.status_code == 422 and "present" in bad.json()["errors"]
    updated = client.put(
        f"/api/v1/congresses/{congress.pk}",
        body | {"union_name": congress.union_name, "present": 150, "version": 1},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    client.force_login(outsider)
    assert client.get(f"/api/v1/congresses/{congress.pk}").status_code == 404


def test_the_demo_builds_in_bulk_with_their_history_and_adds_nothing_twice(
    federation, committee, committee_registrar, employer
):
    import random

    from xinfang.congresses import demo

    demo.build(federation, random.Random(1), 60)
    assert Congress.objects.count() == 60
    assert Congress.objects.filter(events__kind="created").count() == 60
    enterprise = Congress.objects.filter(level="enterprise")
    assert all(list(c.employers.all()) == [employer] for c in enterprise)
    assert demo.build(federation, random.Random(1), 60) == "职代会：无新增"


def test_merging_employers_moves_the_congresses_links_once(
    committee_registrar, administrator, employer, committee
):
    from xinfang.orgs.actions import merge_employers
    from xinfang.orgs.models import Employer

    duplicate = Employer.objects.create(name="鸿寅电子（重复）", org=committee)
    both = create_congress(
        by=committee_registrar, data=congress_in(employers=[employer.name, duplicate.name])
    )
    one = create_congress(
        by=committee_registrar, data=congress_in(union_name="另一工会", employers=[duplicate.name])
    )
    merge_employers(duplicate=duplicate, into=employer, by=administrator)
    assert list(both.employers.all()) == [employer] and list(one.employers.all()) == [employer]
