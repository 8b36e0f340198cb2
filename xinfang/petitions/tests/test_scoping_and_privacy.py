"""The scope rule on every page and API call, masking, the reveal log and confidential cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.petitions.inputs import PetitionerIn
from xinfang.petitions.models import Kind, Petition, PetitionerRole


@pytest.fixture
def committee_case(committee_registrar, make_petition):
    return make_petition(committee_registrar)


def test_outsider_gets_404_on_the_page(client, outsider, committee_case):
    client.force_login(outsider)
    assert client.get(reverse("petitions:detail", args=[committee_case.pk])).status_code == 404


def test_outsider_gets_404_on_the_api(client, outsider, committee_case):
    client.force_login(outsider)
    assert client.get(f"/api/v1/petitions/{committee_case.pk}").status_code == 404


def test_outsider_does_not_see_the_case_in_lists(client, outsider, committee_case):
    client.force_login(outsider)
    assert committee_case.number not in client.get(reverse("petitions:list")).content.decode()
    assert client.get("/api/v1/petitions").json()["items"] == []


def test_outsider_gets_404_on_the_petitioner_and_the_reveal(client, outsider, committee_case):
    person = committee_case.petitioners.get().person
    client.force_login(outsider)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.post(reverse("people:reveal", args=[person.pk, "phone"])).status_code == 404
    party = committee_case.petitioners.get()
    assert (
        client.post(reverse("petitions:reveal", args=[committee_case.pk, party.pk, "phone"])).status_code
        == 404
    )
    assert client.get(f"/api/v1/persons/{person.pk}").status_code == 404
    assert AccessLog.objects.count() == 0


def test_federation_sees_committee_cases(client, handler, committee_case):
    client.force_login(handler)
    response = client.get(reverse("petitions:detail", args=[committee_case.pk]))
    assert response.status_code == 200 and committee_case.number in response.content.decode()


def test_leader_cannot_correct(client, leader, committee_case):
    client.force_login(leader)
    client.post(
        reverse("petitions:correct", args=[committee_case.pk]),
        {"version": 1, "request": "改", "facts": "改", "reasons": "改"},
    )
    committee_case.refresh_from_db()
    assert committee_case.request != "改" and committee_case.version == 1


def test_numbers_are_masked_on_the_page(client, handler, committee_case, valid_id):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[committee_case.pk])).content.decode()
    assert valid_id not in page and "13812345678" not in page
    assert valid_id[:3] + "*" * 11 + valid_id[-4:] in page and "138****5678" in page


def test_reveal_shows_the_number_and_is_logged(client, handler, committee_case, valid_id):
    party = committee_case.petitioners.get()
    client.force_login(handler)
    response = client.post(reverse("petitions:reveal", args=[committee_case.pk, party.pk, "id_number"]))
    assert valid_id in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (handler, AccessAction.REVEAL_ID_NUMBER, party.person_id)
    assert committee_case.number in log.detail


def test_leader_cannot_reveal(client, leader, committee_case):
    person = committee_case.petitioners.get().person
    client.force_login(leader)
    response = client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    assert response.status_code == 403 and "13812345678" not in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_api_masks_numbers(client, handler, committee_case):
    client.force_login(handler)
    detail = client.get(f"/api/v1/petitions/{committee_case.pk}").json()
    assert detail["petitioners"][0]["phone"] == "138****5678"


@pytest.fixture
def accusation(registrar, make_petition):
    return make_petition(
        registrar, kind=Kind.ACCUSATION, petitioners=[PetitionerIn(name="检举人", phone="13900001111")]
    )


def test_confidential_case_hides_identity_from_other_staff_and_logs_the_view(
    client, approver, accusation, committee_registrar
):
    from xinfang.accounts.models import Role

    approver.role = Role.REGISTRAR  # a registrar who did not register it
    approver.save()
    client.force_login(approver)
    page = client.get(reverse("petitions:detail", args=[accusation.pk])).content.decode()
    assert "检举人" not in page and "本件为保密信访件" in page
    assert client.get("/api/v1/petitions").json()["items"][0]["petitioner_names"] == "（保密）"
    log = AccessLog.objects.get()
    assert (log.user, log.action) == (approver, AccessAction.VIEW_CONFIDENTIAL)


def test_confidential_case_shows_identity_to_handler_and_federation_leader(
    client, handler, leader, accusation
):
    for user in (handler, leader):
        client.force_login(user)
        assert "检举人" in client.get(reverse("petitions:detail", args=[accusation.pk])).content.decode()
    assert AccessLog.objects.filter(action=AccessAction.VIEW_CONFIDENTIAL).count() == 2


def test_searching_a_confidential_petitioner_by_name_finds_nothing(client, approver, accusation):
    from xinfang.accounts.models import Role

    approver.role = Role.REGISTRAR
    approver.save()
    client.force_login(approver)
    assert client.get("/api/v1/petitions", {"q": "检举人"}).json()["items"] == []
    assert client.get("/api/v1/petitions", {"q": accusation.number}).json()["items"][0]["id"] == accusation.pk


def test_list_runs_a_fixed_number_of_queries(client, registrar, make_petition):
    for i in range(3):
        make_petition(
            registrar,
            petitioners=[
                PetitionerIn(name=f"甲{i}"),
                PetitionerIn(name=f"乙{i}", role=PetitionerRole.CO),
            ],
            people_count=2,
        )
    client.force_login(registrar)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("petitions:list"))
    for i in range(10):
        make_petition(registrar, petitioners=[PetitionerIn(name=f"丙{i}")])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("petitions:list"))
    # session, user with its organisation, filter choices, the page, unread badge (the login saved the session)
    assert len(many) == len(few) <= 10
    assert response.content.decode().count("/petitions/") >= 13


def test_list_never_loads_long_texts(registrar, make_petition):
    make_petition(registrar)
    sql = str(Petition.objects.visible_to(registrar).for_list().query)
    assert '"facts"' not in sql and '"request"' not in sql and '"reasons"' not in sql


def test_list_pages_with_a_cursor_without_repeats(client, registrar, make_petition):
    numbers = {make_petition(registrar).number for _ in range(5)}
    client.force_login(registrar)
    seen, cursor = [], ""
    while True:
        page = client.get("/api/v1/petitions", {"limit": 2, "cursor": cursor}).json()
        seen += [row["number"] for row in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 and set(seen) == numbers


def test_filters_by_committee_subtree_and_text(
    client, handler, registrar, committee, committee_registrar, make_petition, employer
):
    inside = make_petition(committee_registrar, employer_id=employer.pk)
    outside = make_petition(registrar)
    client.force_login(handler)
    ids = [r["id"] for r in client.get("/api/v1/petitions", {"org": committee.pk}).json()["items"]]
    assert ids == [inside.pk]
    ids = [r["id"] for r in client.get("/api/v1/petitions", {"q": "鸿寅"}).json()["items"]]
    assert ids == [inside.pk]
    assert outside.pk not in ids


def test_id_lookup_names_a_person_only_within_scope(
    client, outsider, committee_registrar, committee_case, valid_id
):
    url = reverse("people:lookup")
    client.force_login(committee_registrar)
    assert "已登记：张三" in client.get(url, {"p-0-id_number": valid_id}).content.decode()
    client.force_login(outsider)
    hint = client.get(url, {"p-0-id_number": valid_id}).content.decode()
    assert "张三" not in hint and "已登记" not in hint  # out of scope: the same answer as for a new number
    wrong = valid_id[:17] + ("0" if valid_id[17] != "0" else "1")
    assert "校验位错误" in client.get(url, {"p-0-id_number": wrong}).content.decode()
