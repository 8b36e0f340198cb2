"""Recording a consultation, and turning it into a petition or a mediation case (registered and linked at once)."""

from __future__ import annotations

from django.db import transaction

from xinfang.accounts.models import User
from xinfang.lib import idnumber
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.lib.fielderrors import FieldErrors, validate_id_birth_date
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn
from xinfang.mediations.models import Mediation
from xinfang.orgs.models import Org
from xinfang.people.models import Person
from xinfang.people.registry import find_or_create_person
from xinfang.petitions.actions import register_petition
from xinfang.petitions.inputs import PetitionIn
from xinfang.petitions.models import Petition

from .inputs import ConsultationIn
from .models import Channel, Consultation, Topic

LIMITED = ("asked_at", "people_count", "person_name", "question", "answer")


@transaction.atomic
def record_consultation(*, by: User, data: ConsultationIn) -> Consultation:
    """A consultation at the desk or on the hotline, answered by the user who records it."""
    if not by.can("consultations.record") or by.org is None:
        raise NotAllowed("您的角色不能登记法律政策咨询。")
    errors = FieldErrors()
    errors.check_limits(Consultation, data, fields=LIMITED)
    errors.check_limits(Person, data, fields={"id_number": "id_number"})
    if data.asked_at is None:
        errors.add("asked_at", "请填写咨询时间。")
    if data.channel not in Channel.values:
        errors.add("channel", "请选择咨询方式。")
    if data.topic not in Topic.values:
        errors.add("topic", "请选择咨询类别。")
    if not data.question:
        errors.add("question", "请填写咨询问题。")
    if not data.answer:
        errors.add("answer", "请填写解答要点。")
    if data.people_count is None or data.people_count < 1:
        errors.add("people_count", "人次至少为1。")
    if data.id_number:
        errors.check("id_number", idnumber.validate_id_number, data.id_number)
        errors.check("id_number", validate_id_birth_date, data.id_number)
        if not data.person_name:
            errors.add("person_name", "填写身份证号时请同时填写姓名。")
    org: Org | None = by.org
    if data.org_id and data.org_id != by.org_id:
        org = Org.objects.visible_to(by).filter(pk=data.org_id).first()
        if org is None:
            errors.add("org", "所选接待组织不在您的管辖范围内。")
    errors.raise_if_any()
    assert org is not None and data.asked_at is not None
    person = (
        find_or_create_person(name=data.person_name, id_number=data.id_number, org=org)
        if data.id_number.strip()
        else None
    )
    return Consultation.objects.create(
        org=org,
        asked_at=data.asked_at,
        channel=data.channel,
        people_count=data.people_count,
        person=person,
        person_name=data.person_name.strip(),
        topic=data.topic,
        question=data.question.strip(),
        answer=data.answer.strip(),
        answered_by=by,
        registered_by=by,
    )


@transaction.atomic
def link_consultation(
    *,
    consultation_id: int,
    by: User,
    petition: Petition | None = None,
    mediation: Mediation | None = None,
) -> Consultation:
    """Record that a consultation was turned into a petition or a mediation case (once). Call it in the same
    transaction as the registration, so a refusal leaves nothing half-saved."""
    consultation = Consultation.objects.visible_to(by).filter(pk=consultation_id).first()
    if consultation is None:
        raise NotAllowed("所选咨询记录不存在。")
    updated = Consultation.objects.filter(
        pk=consultation.pk, petition__isnull=True, mediation__isnull=True
    ).update(petition=petition, mediation=mediation)
    if not updated:
        raise Conflict("该咨询已转为信访件或调解案件。")
    consultation.refresh_from_db()
    return consultation


@transaction.atomic
def convert_to_petition(*, consultation_id: int, by: User, data: PetitionIn) -> Petition:
    """Register the petition a consultation turned out to be, and link the two; a refusal of either saves
    neither."""
    petition = register_petition(by=by, data=data)
    link_consultation(consultation_id=consultation_id, by=by, petition=petition)
    return petition


@transaction.atomic
def convert_to_mediation(*, consultation_id: int, by: User, data: MediationIn) -> Mediation:
    """Register the mediation case a consultation turned out to be, and link the two; a refusal of either saves
    neither."""
    mediation = register_mediation(by=by, data=data)
    link_consultation(consultation_id=consultation_id, by=by, mediation=mediation)
    return mediation
