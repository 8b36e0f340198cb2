"""The member batches list (发展会员 / 会员转出): filters, keyset pages, totals, scope, and its Excel export."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from xinfang.unions.actions import record_batch
from xinfang.unions.forms import BatchFilterForm
from xinfang.unions.inputs import MemberBatchIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(registrar):
    def make(union, on, count=5, kind="enrolment", migrant_workers=0, women=0, destination=""):
        data = MemberBatchIn(
            union_id=union.pk, kind=kind, on=on, count=count, migrant_workers=migrant_workers, women=women,
            destination=destination,
        )  # fmt: skip
        return record_batch(by=registrar, data=data)

    return make


@pytest.fixture
def two_committees(make_union, batch, other_committee):
    east = make_union(name="东湖电子工会", founded_on=date(2026, 1, 5))
    west = make_union(name="清水河纺织工会", founded_on=date(2026, 1, 5), org_id=other_committee.pk)
    batch(east, date(2026, 3, 1), count=10, migrant_workers=4, women=6)
    batch(east, date(2026, 5, 1), count=2, kind="transfer_out", women=1, destination="市总工会")
    batch(west, date(2026, 4, 1), count=7, migrant_workers=7, women=0)
    return east, west


def _names(answer) -> list[tuple[str, date]]:
    return [(b.union.name, b.on) for b in answer.context["page"].items]


def test_list_shows_batches_newest_first(client, registrar, two_committees):
    client.force_login(registrar)
    answer = client.get(reverse("unions:batches"))
    assert _names(answer) == [
        ("东湖电子工会", date(2026, 5, 1)),
        ("清水河纺织工会", date(2026, 4, 1)),
        ("东湖电子工会", date(2026, 3, 1)),
    ]
    text = answer.content.decode()
    assert "市总工会" in text and "会员转出" in text
    assert reverse("imports:export", args=["member_batches"]) in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "transfer_out"}, [("东湖电子工会", date(2026, 5, 1))]),
        ({"union": "纺织"}, [("清水河纺织工会", date(2026, 4, 1))]),
        ({"on_from": "2026-03-15", "on_to": "2026-04-30"}, [("清水河纺织工会", date(2026, 4, 1))]),
        ({"on_to": "2026-03-01"}, [("东湖电子工会", date(2026, 3, 1))]),
    ],
)
def test_filters(client, registrar, two_committees, query, expected):
    client.force_login(registrar)
    assert _names(client.get(reverse("unions:batches"), query)) == expected


def test_organisation_filter_takes_its_subtree(client, registrar, committee, federation, two_committees):
    client.force_login(registrar)
    assert [n for n, _ in _names(client.get(reverse("unions:batches"), {"org": committee.pk}))] == [
        "东湖电子工会",
        "东湖电子工会",
    ]
    assert len(_names(client.get(reverse("unions:batches"), {"org": federation.pk}))) == 3


def test_refused_filters_say_which_in_chinese_and_list_nothing(client, registrar, two_committees):
    client.force_login(registrar)
    backwards = client.get(reverse("unions:batches"), {"on_from": "2026-05-01", "on_to": "2026-03-01"})
    assert backwards.context["filters"].errors["on_to"] == ["结束日期不能早于开始日期。"]
    assert _names(backwards) == [] and "筛选条件有误" in backwards.content.decode()
    unparsed = client.get(reverse("unions:batches"), {"on_from": "去年"})
    assert "on_from" in unparsed.context["filters"].errors and _names(unparsed) == []


def test_outsider_sees_only_his_committees_batches(client, outsider, committee, two_committees):
    client.force_login(outsider)
    assert _names(client.get(reverse("unions:batches"))) == [("清水河纺织工会", date(2026, 4, 1))]
    # an organisation outside his scope is not among the choices: refused, nothing listed
    other = client.get(reverse("unions:batches"), {"org": committee.pk})
    assert "org" in other.context["filters"].errors and _names(other) == []
    export = client.get(reverse("imports:export", args=["member_batches"]))
    assert "东湖电子工会" not in _cells(export)


def test_totals_by_kind_after_the_rows(client, registrar, two_committees):
    client.force_login(registrar)
    page = client.get(reverse("unions:batches"))
    assert page.context["totals"] is None and 'hx-get="/unions/batches/?totals=1"' in page.content.decode()
    totals = client.get(reverse("unions:batches"), {"totals": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert "发展会员 2 批 17 人（其中农民工 11 人，女职工 6 人）" in totals
    assert "会员转出 1 批 2 人（其中农民工 0 人，女职工 1 人）" in totals
    filtered = client.get(reverse("unions:batches"), {"union": "纺织", "totals": 1}, HTTP_HX_REQUEST="true")
    assert "发展会员 1 批 7 人（其中农民工 7 人，女职工 0 人）" in filtered.content.decode()


def test_keyset_pages(client, registrar, make_union, batch, monkeypatch):
    from xinfang.unions import views

    union = make_union(founded_on=date(2026, 1, 1))
    for day in (1, 2, 3):
        batch(union, date(2026, 2, day))
    batch(union, date(2026, 2, 3), kind="transfer_out")  # the same day: the id breaks the tie
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(registrar)
    first = client.get(reverse("unions:batches"))
    seen = [(b.on, b.kind) for b in first.context["page"].items]
    second = client.get(reverse("unions:batches"), {"cursor": first.context["page"].next_cursor})
    seen += [(b.on, b.kind) for b in second.context["page"].items]
    assert second.context["page"].next_cursor is None
    assert seen == [
        (date(2026, 2, 3), "transfer_out"),
        (date(2026, 2, 3), "enrolment"),
        (date(2026, 2, 2), "enrolment"),
        (date(2026, 2, 1), "enrolment"),
    ]


def test_queries_do_not_grow_with_the_rows(client, registrar, make_union, batch):
    client.force_login(registrar)

    def fill(n: int) -> None:
        for i in range(n):
            union = make_union(name=f"工会{i}-{n}", founded_on=date(2026, 1, 1))
            batch(union, date(2026, 3, 1 + i))

    fill(2)
    client.get(reverse("unions:batches"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse("unions:batches")).context["page"].items) == 2
    fill(12)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("unions:batches")).context["page"].items) == 14
    assert len(many) == len(few)


def _cells(answer) -> str:
    sheet = load_workbook(io.BytesIO(answer.content)).active
    return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)


def test_export_follows_the_filters_in_the_import_columns(client, registrar, two_committees):
    client.force_login(registrar)
    export = client.get(reverse("imports:export", args=["member_batches"]), {"kind": "enrolment"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    header = next(r for r in rows if "工会名称" in r)
    assert list(header) == ["工会名称", "类别", "日期", "人数", "其中农民工", "其中女职工", "转往单位"]
    data = rows[rows.index(header) + 1 :]
    assert [(r[0], r[1], r[3]) for r in data] == [
        ("清水河纺织工会", "发展会员", 7),
        ("东湖电子工会", "发展会员", 10),
    ]
    refused = client.get(reverse("imports:export", args=["member_batches"]), {"on_from": "x"})
    assert "东湖电子工会" not in _cells(refused)


def test_menu_and_unions_list_lead_to_the_batches(client, registrar):
    client.force_login(registrar)
    url = reverse("unions:batches")
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    assert f'href="{url}"' in client.get(reverse("unions:list")).content.decode()


def test_org_filter_offers_the_owners_in_the_users_subtree(
    registrar, outsider, federation, committee, other_committee, grassroots
):
    def choices(user) -> set[int]:
        html = str(BatchFilterForm(user=user)["org"])
        return {int(pk) for pk in re.findall(r'<option value="(\d+)"', html)}

    assert choices(outsider) == {other_committee.pk}
    # a grassroots organisation owns no batch: not offered
    assert choices(registrar) == {federation.pk, committee.pk, other_committee.pk}


def test_api_lists_batches_with_the_pages_filters_and_scope(
    client, registrar, outsider, committee, two_committees
):
    client.force_login(registrar)
    listed = client.get("/api/v1/member-batches", {"org": committee.pk, "limit": 1}).json()
    assert [(b["on"], b["kind"], b["destination"]) for b in listed["items"]] == [
        ("2026-05-01", "transfer_out", "市总工会")
    ]
    rest = client.get("/api/v1/member-batches", {"org": committee.pk, "cursor": listed["next_cursor"]}).json()
    assert [b["on"] for b in rest["items"]] == ["2026-03-01"] and rest["next_cursor"] is None
    backwards = client.get("/api/v1/member-batches", {"on_from": "2026-05-01", "on_to": "2026-03-01"})
    assert backwards.status_code == 422 and backwards.json()["errors"]["on_to"] == [
        "结束日期不能早于开始日期。"
    ]
    client.force_login(outsider)
    assert [b["on"] for b in client.get("/api/v1/member-batches").json()["items"]] == ["2026-04-01"]
    assert client.get("/api/v1/member-batches", {"org": committee.pk}).status_code == 422
