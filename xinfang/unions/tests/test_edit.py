"""Editing a union's own fields: the edit page and ``PUT /api/v1/unions/{id}``, both through ``edit_union``."""

from datetime import date

import pytest
from django.urls import reverse

from xinfang.unions.actions import cover_employer, record_batch
from xinfang.unions.inputs import CoverageIn, MemberBatchIn
from xinfang.unions.models import EventKind, GrassrootsUnion

pytestmark = pytest.mark.django_db


def _form(union, **overrides) -> dict:
    data = {
        "name": union.name,
        "kind": union.kind,
        "founded_on": union.founded_on.isoformat(),
        "approved_by": union.approved_by_id or "",
        "approval_ref": union.approval_ref,
        "approved_on": union.approved_on.isoformat() if union.approved_on else "",
        "chair": union.chair,
        "version": union.version,
    }
    return data | overrides


def _body(union, **overrides) -> dict:
    data = _form(union, **overrides)
    data["approved_by_id"] = data.pop("approved_by") or None
    data["approved_on"] = data["approved_on"] or None
    return data


# --- the page -------------------------------------------------------------------------------------------------


def test_edit_page_saves_and_records_the_change(client, make_union, registrar, committee):
    union = make_union(chair="王芳")
    client.force_login(registrar)
    page = client.get(reverse("unions:edit", args=[union.pk]))
    assert page.context["form"]["chair"].value() == "王芳"
    assert page.context["form"]["version"].value() == union.version
    answer = client.post(
        reverse("unions:edit", args=[union.pk]),
        _form(union, chair="李红", approved_by=committee.pk, approval_ref="东工委〔2026〕3号"),
    )
    assert answer.status_code == 302 and answer.url == reverse("unions:detail", args=[union.pk])
    union.refresh_from_db()
    assert (union.chair, union.approved_by, union.version) == ("李红", committee, 2)
    event = union.events.get(kind=EventKind.EDITED)
    assert event.by == registrar and event.changes["chair"] == ["王芳", "李红"]
    assert set(event.changes) == {"chair", "approved_by", "approval_ref"}


def test_edit_page_refuses_a_stale_version(client, make_union, registrar):
    union = make_union()
    client.force_login(registrar)
    loaded = _form(union)
    assert client.post(reverse("unions:edit", args=[union.pk]), loaded | {"chair": "甲"}).status_code == 302
    stale = client.post(reverse("unions:edit", args=[union.pk]), loaded | {"chair": "乙"})
    assert stale.status_code == 200
    assert "已被他人处理或修改，请刷新页面后重新操作" in stale.content.decode()
    union.refresh_from_db()
    assert union.chair == "甲" and union.version == 2


def test_edit_page_names_the_field_in_chinese(client, make_union, registrar):
    union = make_union()
    make_union(name="已有的工会")
    client.force_login(registrar)
    taken = client.post(reverse("unions:edit", args=[union.pk]), _form(union, name="已有的工会"))
    assert taken.status_code == 200
    assert taken.context["form"].errors["name"] == ["已有名为“已有的工会”的基层工会。"]
    early = client.post(reverse("unions:edit", args=[union.pk]), _form(union, founded_on="1900-01-01"))
    assert early.context["form"].errors["founded_on"] == ["建会日期不能早于1925年5月1日。"]
    unparsed = client.post(reverse("unions:edit", args=[union.pk]), _form(union, founded_on="三月"))
    assert "founded_on" in unparsed.context["form"].errors
    union.refresh_from_db()
    assert union.version == 1 and not union.events.filter(kind=EventKind.EDITED).exists()


def test_founding_date_cannot_move_past_what_the_union_did(client, make_union, registrar, employer):
    union = make_union(kind="joint", founded_on=date(2026, 1, 10))
    cover_employer(
        union=union, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 3, 1))
    )
    record_batch(by=registrar, data=MemberBatchIn(union_id=union.pk, on=date(2026, 2, 1), count=3))
    union.refresh_from_db()
    client.force_login(registrar)
    answer = client.post(reverse("unions:edit", args=[union.pk]), _form(union, founded_on="2026-02-15"))
    assert answer.context["form"].errors["founded_on"] == [
        "建会日期不能晚于该工会最早的会员发展或转出的日期（2026年2月1日）。"
    ]
    assert GrassrootsUnion.objects.get(pk=union.pk).founded_on == date(2026, 1, 10)


def test_edit_button_only_for_who_may_edit(client, make_union, registrar, leader):
    union = make_union()
    client.force_login(registrar)
    edit_url = reverse("unions:edit", args=[union.pk])
    assert edit_url in client.get(reverse("unions:detail", args=[union.pk])).content.decode()
    client.force_login(leader)
    assert edit_url not in client.get(reverse("unions:detail", args=[union.pk])).content.decode()
    refused = client.post(edit_url, _form(union, chair="领导改的"), follow=True)
    assert "不能执行“修改基层工会信息”" in refused.content.decode()
    assert GrassrootsUnion.objects.get(pk=union.pk).chair == ""


def test_committee_clerk_cannot_edit_a_union_of_the_federation(
    client, registrar, committee_clerk, make_union
):
    union = make_union(org_id=None)  # the registrar's own organisation: the federation
    client.force_login(committee_clerk)
    assert client.get(reverse("unions:edit", args=[union.pk])).status_code == 404


def test_outsider_gets_404_on_the_edit_page(client, make_union, outsider):
    union = make_union()
    client.force_login(outsider)
    url = reverse("unions:edit", args=[union.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(union, chair="外人")).status_code == 404
    assert GrassrootsUnion.objects.get(pk=union.pk).chair == ""


def test_an_ended_union_is_not_edited(client, make_union, registrar):
    from xinfang.unions.actions import end_union
    from xinfang.unions.inputs import UnionEndIn

    union = make_union()
    end_union(union=union, by=registrar, data=UnionEndIn(ended_on=date(2026, 6, 1), version=union.version))
    client.force_login(registrar)
    page = client.get(reverse("unions:edit", args=[union.pk]), follow=True)
    assert "当前状态为“已撤销”" in page.content.decode()


# --- the API --------------------------------------------------------------------------------------------------


def _put(client, union, body):
    return client.put(f"/api/v1/unions/{union.pk}", body, content_type="application/json")


def test_api_put_saves_through_the_action(client, make_union, registrar):
    union = make_union()
    client.force_login(registrar)
    answer = _put(client, union, _body(union, chair="李红", kind="joint"))
    assert answer.status_code == 200
    assert (answer.json()["chair"], answer.json()["kind"], answer.json()["version"]) == ("李红", "joint", 2)
    assert union.events.get(kind=EventKind.EDITED).changes["kind"] == ["single", "joint"]


def test_api_put_refuses_a_stale_version_with_409(client, make_union, registrar):
    union = make_union()
    client.force_login(registrar)
    assert _put(client, union, _body(union, chair="甲")).status_code == 200
    stale = _put(client, union, _body(union, chair="乙"))
    assert stale.status_code == 409 and "请刷新页面后重新操作" in stale.json()["detail"]
    assert GrassrootsUnion.objects.get(pk=union.pk).chair == "甲"


def test_api_put_gives_the_field_error_in_chinese(client, make_union, registrar):
    union = make_union()
    client.force_login(registrar)
    answer = _put(client, union, _body(union, approval_ref="东工委〔2026〕1号"))
    assert answer.status_code == 422
    assert answer.json()["errors"]["approved_by"] == ["填写批复文号或批准日期时请同时选择批准机关。"]
    missing = _put(client, union, {k: v for k, v in _body(union).items() if k != "version"})
    assert missing.status_code == 422 and "version" in missing.json()["errors"]
    assert "版本" in missing.json()["errors"]["version"][0]


def test_api_put_outsider_404_and_leader_403(client, make_union, outsider, leader):
    union = make_union()
    client.force_login(outsider)
    assert _put(client, union, _body(union, chair="外人")).status_code == 404
    client.force_login(leader)
    refused = _put(client, union, _body(union, chair="领导"))
    assert refused.status_code == 403 and "修改基层工会信息" in refused.json()["detail"]
    assert GrassrootsUnion.objects.get(pk=union.pk).chair == ""
