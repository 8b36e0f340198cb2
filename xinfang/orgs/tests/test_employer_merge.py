"""An administrator merges a duplicate employer into the one kept: its records follow, with a history row."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.creditcode import make_credit_code
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.mediations.models import Mediation
from xinfang.orgs.actions import merge_employers
from xinfang.orgs.models import Employer, EmployerEvent, EmployerEventKind
from xinfang.people.models import Person
from xinfang.petitions.inputs import EmployerNew
from xinfang.petitions.models import Petition


@pytest.fixture
def kept(committee):
    return Employer.objects.create(name="深圳市万家东方服饰有限公司", org=committee)


@pytest.fixture
def duplicate(db):
    return Employer.objects.create(
        name="万家东方", credit_code=make_credit_code("91440303MA5WJDF01"), address="罗湖区东门中路1号"
    )


@pytest.fixture
def records(duplicate, kept, make_petition, registrar, handler):
    """Two petitions and a mediation case of the duplicate, a petition of the kept one, a person at it."""
    from xinfang.mediations.actions import register_mediation

    petitions = [make_petition(registrar, employer_id=duplicate.pk) for _ in range(2)]
    make_petition(registrar, employer_id=kept.pk)
    mediation = register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate(),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五")],
            employer_id=duplicate.pk,
        ),
    )
    person = Person.objects.create(name="王五", employer=duplicate, org=registrar.org)
    return petitions, mediation, person


def test_the_records_of_the_duplicate_follow_to_the_kept_employer(administrator, kept, duplicate, records):
    petitions, mediation, person = records
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    assert {p.pk for p in petitions} < set(
        Petition.objects.filter(employer=kept).values_list("pk", flat=True)
    )
    assert Petition.objects.filter(employer=kept).count() == 3
    assert Mediation.objects.get(pk=mediation.pk).employer == kept
    assert Person.objects.get(pk=person.pk).employer == kept
    assert not Petition.objects.filter(employer=duplicate).exists()


def test_the_kept_employer_records_who_merged_what_and_how_many(administrator, kept, duplicate, records):
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    event = EmployerEvent.objects.get(employer=kept)
    assert event.kind == EmployerEventKind.MERGED and event.by == administrator and event.other == duplicate
    assert event.changes["merged"] == {
        "id": duplicate.pk,
        "name": "万家东方",
        "credit_code": duplicate.credit_code,
    }
    assert event.changes["moved"]["petitions.petition"] == 2
    assert event.changes["moved"]["mediations.mediation"] == 1
    assert event.changes["moved"]["people.person"] == 1
    assert "信访件2" in event.summary and "劳动争议调解案件1" in event.summary
    with pytest.raises(ValueError):
        event.delete()


def test_the_duplicate_is_merged_not_deleted_and_gives_its_details_to_the_kept_one(
    administrator, kept, duplicate
):
    code = duplicate.credit_code
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept and duplicate.credit_code == ""
    assert kept.credit_code == code and kept.address == "罗湖区东门中路1号"
    assert kept.name == "深圳市万家东方服饰有限公司"  # its own details stay
    assert list(Employer.objects.active()) == [kept]


def test_an_employer_cannot_be_merged_into_itself(administrator, kept):
    with pytest.raises(ValidationError) as e:
        merge_employers(duplicate=kept, into=kept, by=administrator)
    assert e.value.message_dict["into"] == ["不能将用人单位合并到其自身，请选择另一家单位作为保留的单位。"]
    assert not EmployerEvent.objects.exists()


def test_only_an_administrator_merges(handler, kept, duplicate):
    with pytest.raises(NotAllowed):
        merge_employers(duplicate=duplicate, into=kept, by=handler)
    assert Employer.objects.get(pk=duplicate.pk).merged_into is None


def test_a_merged_employer_is_not_merged_again_nor_kept(administrator, kept, duplicate, committee):
    third = Employer.objects.create(name="万家东方服饰", org=committee)
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    with pytest.raises(Conflict):
        merge_employers(duplicate=duplicate, into=third, by=administrator)
    with pytest.raises(Conflict):
        merge_employers(duplicate=third, into=duplicate, by=administrator)


def test_a_chain_of_merges_points_straight_at_the_last_kept_one(administrator, kept, duplicate, committee):
    third = Employer.objects.create(name="万家东方服饰", org=committee)
    merge_employers(duplicate=duplicate, into=third, by=administrator)
    merge_employers(duplicate=third, into=kept, by=administrator)
    assert Employer.objects.get(pk=duplicate.pk).merged_into == kept


def test_a_registration_naming_the_merged_employer_is_filed_under_the_kept_one(
    administrator, registrar, kept, duplicate, make_petition
):
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    by_id = make_petition(registrar, employer_id=duplicate.pk)
    by_name = make_petition(registrar, new_employer=EmployerNew(name="万家东方"))
    assert by_id.employer == by_name.employer == kept
    assert Employer.objects.count() == 2


def test_the_merged_employer_leaves_the_typeahead_the_list_and_its_page_leads_on(
    client, administrator, registrar, kept, duplicate
):
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    client.force_login(registrar)
    options = client.get(reverse("orgs:employer_search"), {"employer_name": "万家东方"}).content.decode()
    assert f'data-employer-id="{kept.pk}"' in options and f'data-employer-id="{duplicate.pk}"' not in options
    listed = client.get(reverse("orgs:employer_list"), {"q": "万家东方"}).content.decode()
    assert reverse("orgs:employer_detail", args=[kept.pk]) in listed
    assert reverse("orgs:employer_detail", args=[duplicate.pk]) not in listed
    page = client.get(reverse("orgs:employer_detail", args=[duplicate.pk]))
    assert page.status_code == 302 and page.url == reverse("orgs:employer_detail", args=[kept.pk])


def test_the_admin_action_merges_the_ticked_employers_into_the_one_chosen(
    client, administrator, kept, duplicate, records
):
    client.force_login(administrator)
    url = reverse("admin:orgs_employer_changelist")
    ticked = {"action": "merge_into", "_selected_action": [kept.pk, duplicate.pk]}
    asked = client.post(url, ticked)
    page = asked.content.decode()
    assert asked.status_code == 200 and "合并重复的用人单位" in page
    assert "信访件 2" in page and "信访件 1" in page  # the records of each, to decide which to keep
    not_chosen = client.post(url, ticked | {"merge": "1"})
    assert "请选择要保留的单位。" in not_chosen.content.decode()
    done = client.post(url, ticked | {"merge": "1", "kept": kept.pk}, follow=True)
    assert "已并入深圳市万家东方服饰有限公司" in done.content.decode()
    assert Petition.objects.filter(employer=kept).count() == 3
    history = client.get(reverse("admin:orgs_employer_change", args=[kept.pk])).content.decode()
    assert "并入万家东方" in history


def test_the_admin_action_needs_two_employers(client, administrator, kept):
    client.force_login(administrator)
    url = reverse("admin:orgs_employer_changelist")
    response = client.post(url, {"action": "merge_into", "_selected_action": [kept.pk]}, follow=True)
    assert "请至少勾选两家在用的单位" in response.content.decode()


def _register_on(employer_id, by, petition_input):
    from xinfang.petitions.actions import register_petition

    return register_petition(by=by, data=petition_input(employer_id=employer_id))


def test_a_registration_saving_during_a_merge_is_moved_with_the_others(
    committed_db, federation, category, valid_id, petition_input
):
    """The registration holds the duplicate when the merge starts: the merge waits for it and moves it."""
    from xinfang.accounts.models import Role, User

    admin = User.objects.create_user(username="a", password="x", role=Role.ADMINISTRATOR, org=federation)
    registrar = User.objects.create_user(username="r", password="x", role=Role.REGISTRAR, org=federation)
    kept = Employer.objects.create(name="深圳市万家东方服饰有限公司")
    duplicate = Employer.objects.create(name="万家东方")
    registered, go_on, errors = threading.Event(), threading.Event(), []

    def register():
        try:
            with transaction.atomic():
                _register_on(duplicate.pk, registrar, petition_input)
                registered.set()
                go_on.wait(10)  # the merge is under way meanwhile
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
            registered.set()
        finally:
            connection.close()

    def merge():
        try:
            merge_employers(duplicate=duplicate, into=kept, by=admin)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    registering = threading.Thread(target=register)
    registering.start()
    registered.wait(10)
    merging = threading.Thread(target=merge)
    merging.start()
    merging.join(0.5)  # the merge waits for the registration's lock
    go_on.set()
    registering.join()
    merging.join()
    assert errors == []
    assert Petition.objects.get().employer_id == kept.pk
    assert EmployerEvent.objects.get().changes["moved"]["petitions.petition"] == 1


def test_a_registration_naming_the_duplicate_while_it_is_merged_follows_the_merge(
    committed_db, federation, category, valid_id, petition_input
):
    """The merge holds the duplicate when the registration comes: the registration waits and files under the
    kept employer."""
    from xinfang.accounts.models import Role, User

    admin = User.objects.create_user(username="a", password="x", role=Role.ADMINISTRATOR, org=federation)
    registrar = User.objects.create_user(username="r", password="x", role=Role.REGISTRAR, org=federation)
    kept = Employer.objects.create(name="深圳市万家东方服饰有限公司")
    duplicate = Employer.objects.create(name="万家东方")
    merged, go_on, errors = threading.Event(), threading.Event(), []

    def merge():
        try:
            with transaction.atomic():
                merge_employers(duplicate=duplicate, into=kept, by=admin)
                merged.set()
                go_on.wait(10)  # the registration comes meanwhile
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
            merged.set()
        finally:
            connection.close()

    def register():
        try:
            _register_on(duplicate.pk, registrar, petition_input)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    merging = threading.Thread(target=merge)
    merging.start()
    merged.wait(10)
    registering = threading.Thread(target=register)
    registering.start()
    registering.join(0.5)  # the registration waits for the merge's lock
    go_on.set()
    merging.join()
    registering.join()
    assert errors == []
    assert Petition.objects.get().employer_id == kept.pk


def test_the_merged_employer_page_in_the_admin_names_the_kept_one(client, administrator, kept, duplicate):
    merge_employers(duplicate=duplicate, into=kept, by=administrator)
    client.force_login(administrator)
    page = client.get(reverse("admin:orgs_employer_change", args=[duplicate.pk])).content.decode()
    assert "已合并到" in page and "深圳市万家东方服饰有限公司" in page
