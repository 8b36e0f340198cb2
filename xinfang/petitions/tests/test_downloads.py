"""Downloads of generated documents and attachments (issue 8: high 2, medium 10, the missing file, low).

A document that names the petitioners of a confidential case follows the identity rule, not only the scope
rule; every download is logged; a stored file that is gone is a clear Chinese 404 and a logged incident; an
attachment downloads under the extension of its checked type."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.mediations.inputs import MediationDocumentIn, MediationIn, WorkerIn
from xinfang.petitions.actions import add_handling_note, decide_intake, generate_document
from xinfang.petitions.inputs import DocumentIn, IntakeDecisionIn, NoteIn, PetitionerIn
from xinfang.petitions.models import IntakeDecision, Kind, NoteKind, PetitionDocument

from .steps import fresh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
ACCUSER = "赵检举"


@pytest.fixture
def confidential_case(committee_registrar, committee_handler, make_petition, valid_id):
    """A confidential 检举控告 case of 东湖, accepted there, with its 受理告知书 (which names the accuser)."""
    petition = make_petition(
        committee_registrar,
        kind=Kind.ACCUSATION,
        is_confidential=True,
        petitioners=[PetitionerIn(name=ACCUSER, id_number=valid_id, phone="13812345678")],
    )
    decide_intake(
        petition=petition,
        by=committee_handler,
        data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1),
    )
    generate_document(petition=fresh(petition), by=committee_handler, data=DocumentIn(kind="accept_notice"))
    return fresh(petition)


def _notice(petition) -> PetitionDocument:
    return petition.documents.get(kind="accept_notice")


def fetch(client, petition, document) -> tuple[int, int, bool]:
    """(page status, API status, offered on the page)."""
    page = client.get(reverse("petitions:document", args=[petition.pk, document.pk])).status_code
    api = client.get(f"/api/v1/petitions/{petition.pk}/documents/{document.pk}/file").status_code
    url = reverse("petitions:document", args=[petition.pk, document.pk])
    offered = url in client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    listed = document.pk in [d["id"] for d in client.get(f"/api/v1/petitions/{petition.pk}/documents").json()]
    assert offered == listed
    return page, api, offered


@pytest.mark.parametrize("who", ["registrar", "handler", "approver", "administrator"])
def test_a_notice_naming_a_confidential_accuser_is_refused_to_who_may_not_see_him(
    client, request, who, confidential_case
):
    """dengji, chengban, fuze and admin of the probe: they see the case, not who accuses."""
    user = request.getfixturevalue(who)
    assert not confidential_case.identity_visible_to(user)
    client.force_login(user)
    assert fetch(client, confidential_case, _notice(confidential_case)) == (404, 404, False)
    assert not AccessLog.objects.filter(action=AccessAction.DOWNLOAD).exists()


@pytest.mark.parametrize("who", ["committee_registrar", "committee_handler", "leader"])
def test_the_notice_is_served_to_who_may_see_the_accuser(client, request, who, confidential_case):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert fetch(client, confidential_case, _notice(confidential_case)) == (200, 200, True)
    logs = AccessLog.objects.filter(action=AccessAction.DOWNLOAD, user=user)
    assert logs.count() == 2 and {log.object_id for log in logs} == {_notice(confidential_case).pk}


def test_a_document_without_identity_stays_downloadable_for_who_sees_the_case(
    client, handler, confidential_case, committee_handler
):
    """The 调查核实函 of a confidential case names no petitioner (letters.names_petitioner)."""
    letter = PetitionDocument(
        petition=confidential_case, kind="inquiry_letter", title="调查核实函", generated_by=committee_handler
    )
    letter.file.save("inquiry.docx", ContentFile(b"PK\x03\x04 not really"), save=True)
    client.force_login(handler)
    assert fetch(client, confidential_case, letter) == (200, 200, True)


def test_the_generate_form_offers_no_identity_document_to_who_may_not_see_the_accuser(
    client, handler, confidential_case
):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[confidential_case.pk])).content.decode()
    assert 'value="accept_notice"' not in page


def test_generating_an_identity_document_is_refused_to_who_may_not_see_the_accuser(
    handler, confidential_case
):
    """The action itself refuses, not only the page: the federation's handler owns the case but may not see who
    accuses, so he cannot write a notice that names him (nor read it by generating it)."""
    from xinfang.lib.exceptions import NotAllowed

    with pytest.raises(NotAllowed, match="保密信访人"):
        generate_document(petition=confidential_case, by=handler, data=DocumentIn(kind="accept_notice"))
    assert confidential_case.documents.filter(generated_by=handler).count() == 0


def _attach(petition, by, name, content):
    note = add_handling_note(
        petition=fresh(petition),
        by=by,
        files=[SimpleUploadedFile(name, content)],
        data=NoteIn(
            kind=NoteKind.INVESTIGATION, text="约谈检举人，收取书面材料。", happened_on=timezone.localdate()
        ),
    )
    return note.attachments.get()


def test_attachments_of_a_confidential_case_follow_the_identity_rule(
    client, handler, committee_handler, confidential_case
):
    attachment = _attach(confidential_case, committee_handler, "检举信.pdf", PDF)
    url = reverse("petitions:attachment", args=[confidential_case.pk, attachment.pk])
    client.force_login(handler)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("petitions:detail", args=[confidential_case.pk])).content.decode()
    notes = client.get(f"/api/v1/petitions/{confidential_case.pk}/notes").json()
    assert [a for n in notes for a in n["attachments"]] == []
    client.force_login(committee_handler)
    assert client.get(url).status_code == 200


def test_every_download_is_logged_page_and_api(client, accepted, handler):
    document = generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    attachment = _attach(accepted, handler, "台账.pdf", PDF)
    client.force_login(handler)
    client.get(reverse("petitions:document", args=[accepted.pk, document.pk]))
    client.get(f"/api/v1/petitions/{accepted.pk}/documents/{document.pk}/file")
    client.get(reverse("petitions:attachment", args=[accepted.pk, attachment.pk]))
    logs = AccessLog.objects.filter(action=AccessAction.DOWNLOAD, user=handler).order_by("pk")
    assert [(log.object_type, log.object_id) for log in logs] == [
        ("petitiondocument", document.pk),
        ("petitiondocument", document.pk),
        ("attachment", attachment.pk),
    ]


def test_a_mediation_document_download_is_logged(client, handler, employer, valid_id):
    from datetime import timedelta
    from decimal import Decimal

    from xinfang.mediations.actions import (
        generate_mediation_document,
        register_mediation,
    )

    mediation = register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id, phone="13812345678")],
            employer_id=employer.pk,
            amount_claimed=Decimal("18000.00"),
            mediators="李调解",
        ),
    )
    from xinfang.mediations.models import Mediation

    mediation = Mediation.objects.select_related("org", "employer").get(pk=mediation.pk)
    document = generate_mediation_document(
        mediation=mediation, by=handler, data=MediationDocumentIn(kind="mediation_application")
    )
    client.force_login(handler)
    response = client.get(reverse("mediations:document", args=[mediation.pk, document.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    log = AccessLog.objects.get(action=AccessAction.DOWNLOAD)
    assert (log.user, log.object_type, log.object_id) == (handler, "mediationdocument", document.pk)
    document.file.delete(save=False)
    missing = client.get(reverse("mediations:document", args=[mediation.pk, document.pk]))
    assert missing.status_code == 404 and "文件缺失" in missing.content.decode()


def test_a_missing_document_file_is_a_chinese_404_and_a_logged_incident(client, accepted, handler, caplog):
    document = generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    document.file.storage.delete(document.file.name)
    client.force_login(handler)
    with caplog.at_level(logging.ERROR, logger="xinfang.documents.downloads"):
        page = client.get(reverse("petitions:document", args=[accepted.pk, document.pk]))
        api = client.get(f"/api/v1/petitions/{accepted.pk}/documents/{document.pk}/file")
    assert page.status_code == 404 and "文件缺失" in page.content.decode()
    assert api.status_code == 404 and api.json()["detail"].startswith("文件缺失")
    incidents = [r for r in caplog.records if r.levelno == logging.ERROR and "missing" in r.getMessage()]
    assert len(incidents) == 2 and document.file.name in incidents[0].getMessage()
    assert not AccessLog.objects.filter(action=AccessAction.DOWNLOAD).exists()


def test_a_missing_attachment_file_is_a_chinese_404(client, accepted, handler):
    attachment = _attach(accepted, handler, "台账.pdf", PDF)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(handler)
    response = client.get(reverse("petitions:attachment", args=[accepted.pk, attachment.pk]))
    assert response.status_code == 404 and "文件缺失" in response.content.decode()


def test_a_polyglot_uploaded_as_html_downloads_as_a_pdf_attachment(client, accepted, handler):
    attachment = _attach(accepted, handler, "poly.html", POLYGLOT)
    assert attachment.content_type == "application/pdf"
    client.force_login(handler)
    response = client.get(reverse("petitions:attachment", args=[accepted.pk, attachment.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and 'filename="poly.pdf"' in disposition
    assert ".html" not in disposition
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
