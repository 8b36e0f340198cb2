"""转送 and the list of bodies (issue 11, fault 1): a case is transferred to another body, never to its owner or a
union organisation below it; administrators keep the bodies, and a body not yet listed is recorded at the desk,
pending an administrator's check."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xinfang.accounts.models import ApiToken
from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions.actions import decide_intake
from xinfang.petitions.inputs import IntakeDecisionIn
from xinfang.petitions.models import IntakeDecision, Petition, Source, Status

from .test_registration import form_data


@pytest.fixture
def bodies(federation, committee, grassroots, upper):
    """A department filed under the federation and a street office filed under the committee (partner units)."""
    return {
        "department": Org.objects.create(
            name="区人力资源和社会保障局", kind=OrgKind.PARTNER, parent=federation
        ),
        "street_office": Org.objects.create(name="东湖街道司法所", kind=OrgKind.PARTNER, parent=committee),
    }


def options(html: str, name: str) -> list[str]:
    """The labels of a <select>'s options, the empty one left out."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return [
        label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select[1]) if value
    ]


def transfer(petition, by, **target):
    return decide_intake(
        petition=Petition.objects.select_related("org").get(pk=petition.pk),
        by=by,
        data=IntakeDecisionIn(
            decision=IntakeDecision.TRANSFER_OUT,
            version=petition.version,
            reason="属其他机关职责。",
            **target,
        ),
    )


def test_the_transfer_list_leaves_out_the_owner_and_its_unions(
    client,
    registrar,
    handler,
    make_petition,
    federation,
    committee,
    other_committee,
    grassroots,
    upper,
    bodies,
):
    petition = make_petition(registrar)
    client.force_login(handler)
    listed = options(
        client.get(reverse("petitions:detail", args=[petition.pk])).content.decode(), "transferred_to"
    )
    assert federation.name not in listed and committee.name not in listed and grassroots.name not in listed
    assert other_committee.name not in listed
    # Bodies of their own, wherever they are filed: a department, a street office, the upper union.
    assert {upper.name, bodies["department"].name, bodies["street_office"].name} <= set(listed)


def test_a_committee_case_may_go_to_the_federation_but_not_to_itself(
    client, committee_registrar, committee_handler, make_petition, federation, committee, grassroots, bodies
):
    petition = make_petition(committee_registrar)
    client.force_login(committee_handler)
    listed = options(
        client.get(reverse("petitions:detail", args=[petition.pk])).content.decode(), "transferred_to"
    )
    assert federation.name in listed and bodies["street_office"].name in listed
    assert committee.name not in listed and grassroots.name not in listed


@pytest.mark.parametrize("target", ["federation", "committee", "grassroots"])
def test_the_action_refuses_the_owner_and_the_unions_below_it(
    request, registrar, handler, make_petition, target
):
    org = request.getfixturevalue(target)
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        transfer(petition, handler, transferred_to_id=org.pk)
    assert e.value.message_dict["transferred_to"][0].startswith(f"不能转送给{org.name}：")
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED and petition.transferred_to is None


def test_the_page_refuses_a_transfer_to_the_owner(client, registrar, handler, make_petition, federation):
    petition = make_petition(registrar)
    client.force_login(handler)
    response = client.post(
        reverse("petitions:decide", args=[petition.pk]),
        {"version": 1, "decision": "transfer_out", "transferred_to": federation.pk, "reason": "转走。"},
        follow=True,
    )
    assert "转送机关：" in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED


def test_the_api_refuses_a_transfer_to_the_owner(client, registrar, handler, make_petition, federation):
    petition = make_petition(registrar)
    _, key = ApiToken.issue(user=handler, name="t")
    response = client.post(
        f"/api/v1/petitions/{petition.pk}/intake-decision",
        {"version": 1, "decision": "transfer_out", "transferred_to_id": federation.pk, "reason": "转走。"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["transferred_to"][0].startswith(f"不能转送给{federation.name}：")


def test_an_unlisted_body_is_recorded_at_intake_pending_a_check(client, registrar, handler, make_petition):
    first, second = make_petition(registrar), make_petition(registrar)
    client.force_login(handler)
    for petition in (first, second):
        response = client.post(
            reverse("petitions:decide", args=[petition.pk]),
            {
                "version": 1,
                "decision": "transfer_out",
                "transferred_to_name": " 深圳市生态环境局罗湖管理局 ",
                "reason": "属环保部门职责。",
            },
            follow=True,
        )
        assert "已记录受理决定：转送。" in response.content.decode()
    body = Org.objects.get(name="深圳市生态环境局罗湖管理局")  # recorded once, then found again
    assert (body.kind, body.parent, body.needs_check, body.is_active) == (OrgKind.PARTNER, None, True, True)
    assert {p.transferred_to for p in Petition.objects.all()} == {body}
    assert Petition.objects.filter(status=Status.TRANSFERRED_OUT).count() == 2
    # Offered from then on, marked as still to be checked.
    third = make_petition(registrar)
    html = client.get(reverse("petitions:detail", args=[third.pk])).content.decode()
    assert "深圳市生态环境局罗湖管理局（待核实）" in options(html, "transferred_to")


def test_a_listed_name_typed_in_is_the_listed_body(registrar, handler, make_petition, bodies):
    petition = transfer(make_petition(registrar), handler, transferred_to_name="区人力资源和社会保障局")
    assert petition.transferred_to == bodies["department"]
    assert not Org.objects.filter(needs_check=True).exists()


def test_a_typed_name_of_the_owner_is_refused_too(registrar, handler, make_petition, federation):
    with pytest.raises(ValidationError) as e:
        transfer(make_petition(registrar), handler, transferred_to_name=federation.name)
    assert e.value.message_dict["transferred_to"][0].startswith(f"不能转送给{federation.name}：")


def test_a_body_both_picked_and_typed_is_refused(registrar, handler, make_petition, upper):
    with pytest.raises(ValidationError) as e:
        transfer(
            make_petition(registrar), handler, transferred_to_id=upper.pk, transferred_to_name="区环保局"
        )
    assert "二者只填其一" in e.value.message_dict["transferred_to"][0]
    assert not Org.objects.filter(name="区环保局").exists()


def test_a_disabled_body_typed_again_is_refused(registrar, handler, make_petition):
    Org.objects.create(name="区环保局", kind=OrgKind.PARTNER, is_active=False)
    with pytest.raises(ValidationError) as e:
        transfer(make_petition(registrar), handler, transferred_to_name="区环保局")
    assert e.value.message_dict["transferred_to"] == [
        "机关“区环保局”已被管理员停用，请从列表中选择，或与管理员联系。"
    ]


def test_a_registrar_records_the_body_a_case_came_from_pending_a_check(client, registrar, category):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"),
        form_data(category, source=Source.TRANSFERRED, source_org_name="深圳市罗湖区信访局"),
    )
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert petition.source_org is not None
    assert petition.source_org.name == "深圳市罗湖区信访局" and petition.source_org.needs_check


def test_a_transferred_case_needs_a_body_picked_or_typed(client, registrar, category):
    client.force_login(registrar)
    response = client.post(reverse("petitions:create"), form_data(category, source=Source.TRANSFERRED))
    assert "来源为转送或上级交办时，请选择转来或交办的机关。" in response.content.decode()
    assert not Petition.objects.exists()


def test_administrators_add_and_check_bodies(client, administrator, registrar, handler, make_petition):
    transfer(make_petition(registrar), handler, transferred_to_name="区生态环境局")
    client.force_login(administrator)
    pending = client.get("/admin/orgs/body/?needs_check__exact=1").content.decode()
    assert "区生态环境局" in pending
    body = Org.objects.get(name="区生态环境局")
    client.post("/admin/orgs/body/", {"action": "confirm", "_selected_action": [body.pk]})
    body.refresh_from_db()
    assert body.needs_check is False
    response = client.post(
        "/admin/orgs/body/add/", {"name": "区市场监督管理局", "kind": "partner", "is_active": "on"}
    )
    assert response.status_code == 302
    added = Org.objects.get(name="区市场监督管理局")
    assert (added.kind, added.parent, added.needs_check) == (OrgKind.PARTNER, None, False)
