"""A mediation case keeps its workers' identity as given on it: the shared person (same ID number) only links
records, and what it stored elsewhere is never shown on the case, its API or its reveal."""

from decimal import Decimal

from django.utils import timezone

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.people.models import Person


def _register(by, employer, name, id_number, phone):
    return register_mediation(
        by=by,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate(),
            dispute_type="pay",
            claims="要求支付拖欠工资。",
            workers=[WorkerIn(name=name, id_number=id_number, phone=phone)],
            employer_id=employer.pk,
            amount_claimed=Decimal("1000.00"),
            mediators="李调解",
        ),
    )


def test_a_second_case_shows_what_was_given_on_it_not_the_stored_person(client, handler, employer, valid_id):
    first = _register(handler, employer, "王五", valid_id, "13812345678")
    second = _register(handler, employer, "王伍", valid_id, "13900001111")
    worker = second.workers.get()
    assert worker.person_id == first.workers.get().person_id  # one person, linked
    assert (worker.name, worker.phone) == ("王伍", "13900001111")
    assert Person.objects.get(pk=worker.person_id).name == "王五"
    client.force_login(handler)
    page = client.get(f"/mediations/{second.pk}/").content.decode()
    assert "王伍" in page and "王五" not in page
    api = client.get(f"/api/v1/mediations/{second.pk}").json()
    assert api["workers"][0]["name"] == "王伍" and api["workers"][0]["phone"] == "139****1111"


def test_the_reveal_gives_the_number_given_on_the_case_and_is_logged(client, handler, employer, valid_id):
    _register(handler, employer, "王五", valid_id, "13812345678")
    second = _register(handler, employer, "王伍", valid_id, "13900001111")
    worker = second.workers.get()
    client.force_login(handler)
    shown = client.post(f"/mediations/{second.pk}/reveal/{worker.pk}/phone/")
    assert shown.status_code == 200 and "13900001111" in shown.content.decode()
    assert AccessLog.objects.filter(action=AccessAction.REVEAL_PHONE, user=handler).count() == 1


def test_an_outsider_cannot_reveal_a_worker_of_a_case_outside_its_scope(
    client, handler, outsider, employer, valid_id
):
    case = _register(handler, employer, "王五", valid_id, "13812345678")
    client.force_login(outsider)
    answer = client.post(f"/mediations/{case.pk}/reveal/{case.workers.get().pk}/phone/")
    assert answer.status_code == 404 and not AccessLog.objects.exists()
