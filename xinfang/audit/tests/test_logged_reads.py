"""Exports and the API reads of a confidential petition's parts are written to the access log."""

import pytest

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.petitions.inputs import PetitionerIn
from xinfang.petitions.models import Kind


@pytest.mark.parametrize(
    ("url", "ledger"), [("/mediations/export/", "mediation"), ("/consultations/export/", "consultation")]
)
def test_an_export_is_logged_with_its_filter(client, registrar, url, ledger):
    client.force_login(registrar)
    response = client.get(url, {"status": "", "q": "张", "received_from": "2026-01-01"})
    assert response["Content-Disposition"].startswith("attachment")
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        registrar,
        AccessAction.EXPORT,
        ledger,
        None,
    )
    assert log.detail == "筛选：q=张&received_from=2026-01-01" and log.ip_address == "127.0.0.1"


def test_an_export_without_a_filter_is_logged_as_everything(client, registrar):
    client.force_login(registrar)
    client.get("/consultations/export/")
    assert AccessLog.objects.get().detail == "全部"


@pytest.fixture
def accusation(registrar, make_petition):
    return make_petition(
        registrar, kind=Kind.ACCUSATION, petitioners=[PetitionerIn(name="检举人", phone="13900001111")]
    )


PARTS = [("assignments", "交办"), ("notes", "办理记录"), ("reviews", "复查复核"), ("documents", "文书列表")]


@pytest.mark.parametrize(("part", "what"), PARTS)
def test_an_api_read_of_a_confidential_petitions_part_is_logged_as_a_view(
    client, handler, accusation, part, what
):
    client.force_login(handler)
    assert client.get(f"/api/v1/petitions/{accusation.pk}/{part}").status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id, log.detail) == (
        handler,
        AccessAction.VIEW_CONFIDENTIAL,
        "petition",
        accusation.pk,
        f"API {what}",
    )


@pytest.mark.parametrize(("part", "what"), PARTS)
def test_an_api_read_of_an_ordinary_petitions_part_is_not_logged(client, handler, make_petition, part, what):
    petition = make_petition(handler)
    client.force_login(handler)
    assert client.get(f"/api/v1/petitions/{petition.pk}/{part}").status_code == 200
    assert not AccessLog.objects.exists()
