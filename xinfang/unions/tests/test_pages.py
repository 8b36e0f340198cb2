import re
from datetime import date

import pytest
from django.urls import reverse

from xinfang.targets.models import Target
from xinfang.unions.models import Coverage, GrassrootsUnion, MemberBatch

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_list_detail_and_scope(client, make_union, registrar, outsider):
    union = make_union()
    page = _client(client, registrar).get(reverse("unions:list"))
    assert page.status_code == 200 and union.name in page.content.decode()
    assert "建会率" in client.get(reverse("unions:obligations")).content.decode()
    totals = client.get(reverse("unions:list"), {"totals": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert "合计：</strong>1 家" in totals
    assert client.get(reverse("unions:detail", args=[union.pk])).status_code == 200
    client.logout()
    _client(client, outsider)
    assert union.name not in client.get(reverse("unions:list")).content.decode()
    assert client.get(reverse("unions:detail", args=[union.pk])).status_code == 404


def test_list_pages_by_keyset(client, make_union, registrar, settings):
    from xinfang.unions import views

    for i in range(3):
        make_union(name=f"工会{i}", founded_on=date(2020, 1, 1 + i))
    views.PAGE_SIZE, old = 2, views.PAGE_SIZE
    try:
        first = _client(client, registrar).get(reverse("unions:list"))
        assert [u.name for u in first.context["page"].items] == ["工会2", "工会1"]
        cursor = first.context["page"].next_cursor
        second = client.get(reverse("unions:list"), {"cursor": cursor})
        assert [u.name for u in second.context["page"].items] == ["工会0"]
    finally:
        views.PAGE_SIZE = old


def test_register_page_refuses_with_field_message_then_saves(client, registrar, committee):
    _client(client, registrar)
    url = reverse("unions:create")
    bad = client.post(
        url,
        {
            "origin": "founded",
            "name": "新工会",
            "kind": "single",
            "founded_on": "2026-03-01",
            "workers": 5,
            "members": 9,
        },
    )
    assert bad.status_code == 200 and "会员人数（9人）不能多于职工人数（5人）" in bad.content.decode()
    assert not GrassrootsUnion.objects.exists()
    good = client.post(url, {"origin": "founded", "name": "新工会", "kind": "single", "founded_on": "2026-03-01",
                             "org": committee.pk, "workers": 9, "members": 5})  # fmt: skip
    union = GrassrootsUnion.objects.get()
    assert good.status_code == 302 and union.org == committee


def test_steps_from_the_union_page(client, make_union, registrar, employer):
    union = make_union(kind="joint")
    _client(client, registrar)
    client.post(
        reverse("unions:cover", args=[union.pk]),
        {"employer": employer.credit_code, "start_on": "2026-04-01", "members": "30"},
    )
    assert Coverage.objects.get().members == 30
    client.post(
        reverse("unions:batch", args=[union.pk]),
        {"kind": "enrolment", "on": "2026-05-01", "count": 8, "migrant_workers": 2, "women": 9},
    )
    assert not MemberBatch.objects.exists()  # refused: women above the count
    client.post(
        reverse("unions:batch", args=[union.pk]),
        {"kind": "enrolment", "on": "2026-05-01", "count": 8, "migrant_workers": 2, "women": 3},
    )
    assert MemberBatch.objects.get().count == 8
    obligations = client.get(reverse("unions:obligations"))
    assert employer.name in obligations.content.decode()
    page = client.get(reverse("orgs:employer_detail", args=[employer.pk]))
    assert "现由" in page.content.decode() and union.name in page.content.decode()


def test_obligation_pages_of_employers_without_union(client, registrar, committee):
    from xinfang.orgs.models import Employer

    Employer.objects.bulk_create([Employer(name=f"单位{i}", org=committee, employees=i) for i in range(60)])
    _client(client, registrar)
    first = client.get(reverse("unions:obligations"), {"which": "none"})
    rows = first.context["employers"]
    assert [e.employees for e in rows[:2]] == [59, 58] and first.context["count_obligated"] == 35
    second = client.get(
        reverse("unions:obligations"), {"which": "none", "cursor": first.context["next_cursor"]}
    )
    assert len(rows) + len(second.context["employers"]) == 60


def test_targets_entry_and_completion(client, approver, registrar, committee, other_committee, make_union):
    make_union(founded_on=date(2026, 2, 1))
    _client(client, registrar)
    assert client.get(reverse("targets:entry")).status_code == 403
    client.logout()
    _client(client, approver)
    url = reverse("targets:entry") + "?year=2026"
    page = client.get(url)
    assert page.status_code == 200 and "工会组建" in page.content.decode()
    client.post(url, {"year": 2026, f"t-{committee.pk}-unions.founded": "abc"})
    assert not Target.objects.exists()
    client.post(
        url,
        {
            "year": 2026,
            f"t-{committee.pk}-unions.founded": "1",
            f"t-{other_committee.pk}-unions.founded": "2",
        },
    )
    assert Target.objects.count() == 2
    done = client.get(reverse("targets:completion"), {"year": 2026}).content.decode()
    assert "完成任务的100.0%" in done and "完成任务的0.0%" in done
    client.post(
        url, {"year": 2026, "action": "split", "figure": "unions.enrolled", "total": "7", "basis": "equal"}
    )
    assert sorted(Target.objects.filter(figure="unions.enrolled").values_list("value", flat=True)) == [3, 4]


def test_api_scope_and_refusal(client, make_union, registrar, outsider, committee):
    union = make_union()
    client.force_login(registrar)
    listed = client.get("/api/v1/unions").json()
    assert [u["name"] for u in listed["items"]] == [union.name]
    refused = client.post(
        "/api/v1/member-batches",
        {"union_id": union.pk, "on": "2026-06-01", "count": 3, "women": 4},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "女职工" in str(refused.json())
    client.force_login(outsider)
    assert client.get(f"/api/v1/unions/{union.pk}").status_code == 404
    assert client.get("/api/v1/unions").json()["items"] == []


def test_the_union_page_gives_each_field_its_own_id(client, make_union, registrar):
    """The head count's and the coverage's forms both have 职工人数 and 会员人数: each label names its own input."""
    union = make_union()
    html = _client(client, registrar).get(reverse("unions:detail", args=[union.pk])).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert '<label class="form-label" for="cover_workers">本单位职工人数' in html
    assert 'name="workers" min="0" class="form-control" id="cover_workers"' in html
