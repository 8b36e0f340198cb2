"""Registration (登记) and correction of registration details."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.lib import creditcode, idnumber, limits
from xinfang.lib import phone as phones
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.lib.workdays import WORKING_DAYS
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Org, find_or_create_employer, find_or_record_body
from xinfang.orgs.numbering import next_seq
from xinfang.people.checks import check_people
from xinfang.people.models import Person
from xinfang.people.registry import find_or_create_person
from xinfang.policies.models import policy

from ..inputs import REASON_MAX, CorrectionIn, PetitionerIn, PetitionIn
from ..models import (
    Category,
    Channel,
    ClockKind,
    EventKind,
    Kind,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionerRole,
    Source,
    Status,
    TerminationReason,
    identity_visible_q,
)
from ..models.petition import PetitionQuerySet
from ..workflow import CLOSED, FLOW, check_step
from . import reminders
from .clocks import start_clock

# Calls: the caller can be reached back only by phone (the answer, the rating), so one number is needed.
CALLS = frozenset({Channel.PHONE, Channel.HOTLINE})
LIMITED = ("received_at", "source_ref", "request", "facts", "reasons", "amount", "people_count")


def _validate(data: PetitionIn, errors: FieldErrors) -> None:
    errors.check_limits(Petition, data, fields=LIMITED)
    if data.new_employer is not None and not data.employer_id:
        errors.check_limits(
            Employer, data.new_employer, fields=("name", "address"), key="employer", label="被反映单位："
        )
    if data.channel not in Channel.values:
        errors.add("channel", "请选择信访渠道。")
    if data.kind not in Kind.values:
        errors.add("kind", "请选择信访类型。")
    if data.source not in Source.values:
        errors.add("source", "请选择信访来源。")
    if data.received_at is None:
        errors.add("received_at", "请填写收到时间。")
    for name, label in (("request", "信访请求"), ("facts", "事实"), ("reasons", "理由")):
        if not (getattr(data, name) or "").strip():
            errors.add(name, f"请填写{label}。")
    if data.source != Source.DIRECT and not (data.source_org_id or data.source_org_name.strip()):
        errors.add("source_org", "来源为转送或上级交办时，请选择转来或交办的机关。")
    if data.source_org_id and data.source_org_name.strip():
        errors.add("source_org", "请从列表中选择转来或交办的机关，或填写未列出的机关名称，二者只填其一。")
    if data.source == Source.ASSIGNED_DOWN and not data.source_ref.strip():
        errors.add("source_ref", "上级交办件请填写交办文号。")
    if limits.is_negative(data.amount):
        errors.add("amount", "涉及金额不能为负数。")
    if data.people_count is None or data.people_count < 1:
        errors.add("people_count", "人数至少为1。")
    _validate_petitioners(data, errors)


def _validate_petitioners(data: PetitionIn, errors: FieldErrors) -> None:
    people = data.petitioners
    if not people:
        errors.add("petitioners", "请至少登记一位信访人。")
        return
    check_people(errors, "petitioners", people, "第{}位信访人：", "同一身份证号在本件中重复登记。")
    for i, p in enumerate(people, start=1):
        if p.role not in PetitionerRole.values:
            errors.add("petitioners", f"第{i}位信访人：身份无效。")
    if data.channel in CALLS and not any((p.phone or "").strip() for p in people):
        errors.add(
            "petitioners", "来电登记须留联系电话：请至少填写一位信访人的联系电话，以便告知办理情况和回访。"
        )
    if data.people_count and data.people_count < len(people):
        errors.add("people_count", f"人数（{data.people_count}）少于登记的信访人数（{len(people)}）。")

    mains = sum(p.role == PetitionerRole.MAIN for p in people)
    reps = sum(p.role == PetitionerRole.REPRESENTATIVE for p in people)
    max_reps = policy("collective_visit_max_representatives")
    if mains > 1:
        errors.add("petitioners", "主信访人只能有一位。")
    if reps > max_reps:
        errors.add("petitioners", f"代表不得超过{max_reps}人（现有{reps}人）。")
    if is_collective_visit(data.channel, data.people_count or 0):
        if reps < 1:
            errors.add(
                "petitioners",
                f"集体访（{data.people_count}人）须推选1～{max_reps}名代表，请将代表的身份设为“代表”。",
            )
    elif mains != 1:
        errors.add("petitioners", "请指定一位主信访人。")


# Matters answered or closed (已办结) short of termination: said of an earlier matter outside the user's scope.
DONE_STATUSES = frozenset(
    {
        Status.REJECTED,
        Status.TRANSFERRED_OUT,
        Status.REFERRED,
        Status.DIVERTED,
        Status.CONCLUDED,
        Status.RATED,
        Status.REVIEWED,
    }
)


def is_collective_visit(channel: str, people_count: int) -> bool:
    return channel == Channel.VISIT and people_count >= policy("collective_visit_threshold")


def _resolve_person(p: PetitionerIn, *, org: Org, confidential: bool) -> Person:
    """The shared person with this ID number (or a new one), only to link repeats: nothing stored there is
    shown on the new petition, which keeps the identity as typed (``_snapshot``)."""
    return find_or_create_person(
        name=p.name,
        id_number=p.id_number,
        phone=p.phone,
        gender=p.gender,
        address=p.address,
        org=org,
        fill_blanks=not confidential,
    )


def _snapshot(p: PetitionerIn, person: Person) -> dict:
    """The identity as the registrar gave it. The ID number is the person's (the same, normalised); the gender
    is read off it only when the registrar gave none."""
    gender = p.gender.strip()
    if not gender and _has_gender_digit(person.id_number):
        gender = idnumber.gender_of(person.id_number)
    return {
        "name": p.name.strip(),
        "id_number": person.id_number,
        "phone": phones.normalize(p.phone.strip()),
        "gender": gender,
        "address": p.address.strip(),
    }


def _has_gender_digit(number: str) -> bool:
    return len(number) == 18 and number[16].isdigit()


def _resolve_employer(data: PetitionIn, *, by: User, home: Org, errors: FieldErrors) -> Employer | None:
    if data.employer_id:
        employer = Employer.objects.visible_to(by).for_record(data.employer_id)
        if employer is None:
            errors.add("employer", "所选被反映单位不存在。")
        return employer
    new = data.new_employer
    if new is None or not new.name.strip():
        return None
    code = creditcode.normalize(new.credit_code)
    if code:
        errors.check("employer", creditcode.validate_credit_code, code, "被反映单位的")
    errors.raise_if_any()
    return find_or_create_employer(
        name=new.name,
        credit_code=code,
        address=new.address,
        home=home,
        by=by,
        confirm_new=new.confirm_new,
        label="被反映单位",
    )


def _next_number(federation: Org, year: int) -> tuple[int, str]:
    """Take the next sequence number; must run inside the registration transaction."""
    seq = next_seq(PetitionCounter, federation=federation, year=year)
    return seq, f"{federation.petition_prefix}〔{year}〕{seq:04d}"


@transaction.atomic
def register_petition(*, by: User, data: PetitionIn) -> Petition:
    """Register an incoming matter (登记). Raises ValidationError (by field) or NotAllowed."""
    home = by.org
    if not by.can("petitions.register") or home is None:
        raise NotAllowed("您的角色不能登记信访件。")
    errors = FieldErrors()
    _validate(data, errors)

    org: Org | None = home
    if data.org_id and data.org_id != home.pk:
        org = Org.objects.visible_to(by).filter(pk=data.org_id).first()
        if org is None:
            errors.add("org", "所选责任组织不在您的管辖范围内。")
    category = (
        Category.objects.filter(pk=data.category_id, is_active=True).first() if data.category_id else None
    )
    if category is None:
        errors.add("category", "请选择诉求类别。")
    elif category.parent_id is None:
        errors.add("category", "诉求类别请选择到第二级。")
    if data.source_org_id and not Org.objects.routable().filter(pk=data.source_org_id).exists():
        errors.add("source_org", "所选转送/交办机关不存在。")
    errors.raise_if_any()
    assert org is not None and category is not None  # otherwise raise_if_any has raised

    employer = _resolve_employer(data, by=by, home=home, errors=errors)
    errors.raise_if_any()
    source_org_id = data.source_org_id
    if data.source != Source.DIRECT and not source_org_id:
        source_org_id = find_or_record_body(data.source_org_name, field="source_org").pk
    federation = org.federation()
    if federation is None:
        raise NotAllowed("您所在的组织不属于任何区总工会，无法登记。")

    now = timezone.now()
    year = timezone.localdate(now).year
    seq, number = _next_number(federation, year)
    is_confidential = data.kind == Kind.ACCUSATION if data.is_confidential is None else data.is_confidential
    people = [_resolve_person(p, org=org, confidential=is_confidential) for p in data.petitioners]
    petition = Petition.objects.create(
        federation=federation,
        year=year,
        seq=seq,
        number=number,
        channel=data.channel,
        received_at=data.received_at,
        source=data.source,
        source_org_id=source_org_id if data.source != Source.DIRECT else None,
        source_ref=data.source_ref.strip() if data.source != Source.DIRECT else "",
        kind=data.kind,
        category=category,
        employer=employer,
        people_count=data.people_count,
        is_collective=is_collective_visit(data.channel, data.people_count),
        petitioner_names="、".join(p.name.strip() for p in data.petitioners)[:200],
        request=data.request.strip(),
        facts=data.facts.strip(),
        reasons=data.reasons.strip(),
        amount=data.amount,
        is_urgent=data.is_urgent,
        is_confidential=is_confidential,
        org=org,
        registered_by=by,
    )
    Petitioner.objects.bulk_create(
        Petitioner(petition=petition, person=person, role=p.role, order=i, **_snapshot(p, person))
        for i, (p, person) in enumerate(zip(data.petitioners, people, strict=True))
    )
    record_event(petition, by, EventKind.REGISTERED, f"{petition.get_channel_display()}登记，编号{number}")
    received_on = timezone.localdate(data.received_at)
    start_clock(
        petition=petition,
        kind=ClockKind.INTAKE,
        trigger_on=received_on,
        days=policy("intake_notice_days"),
        by=by,
    )
    if data.source != Source.DIRECT:
        # An item passed on to the union: outside its remit, it must object within 5 working days.
        start_clock(
            petition=petition,
            kind=ClockKind.OBJECTION,
            trigger_on=received_on,
            days=policy("objection_working_days"),
            unit=WORKING_DAYS,
            by=by,
        )
    _flag_repeat(petition, people, by)
    if petition.is_urgent:
        reminders.report_urgent(petition)
    return petition


def earlier_matters(petition: Petition) -> PetitionQuerySet:
    """Earlier petitions by one of the same people (by ID number) on the same matter (category and employer),
    in every scope: what a repeat is detected from. Never shown as such; see ``repeat_notice``."""
    earlier = Petition.objects.filter(
        petitioners__person__in=petition.petitioners.exclude(id_number="").values("person_id"),
        category_id=petition.category_id,
        received_at__lte=petition.received_at,
    ).exclude(pk=petition.pk)
    if petition.employer_id is None:
        return earlier.filter(employer__isnull=True)
    return earlier.filter(employer_id=petition.employer_id)


def _flag_repeat(petition: Petition, people: list[Person], by: User) -> None:
    """重复信访: an earlier petition by one of the same people on the same matter (category and employer). When
    an earlier one ended after re-review, the same facts are not to be accepted again (第三十六条): flagged for
    the intake decision, never refused automatically.

    The flags are stored facts; what each user is told of them is ``repeat_notice``. The event (shown to everyone
    who sees this petition) names nothing, and is written only when this petition is not confidential and an
    earlier one is not confidential either: a confidential matter, earlier or new, leaves no trace here."""
    if not any(p.id_number for p in people):
        return
    earlier = earlier_matters(petition)
    first = earlier.order_by("-received_at", "-pk").only("pk").first()
    if first is None:
        return
    barred = earlier.filter(termination_reason=TerminationReason.RE_REVIEWED).exists()
    Petition.objects.filter(pk=petition.pk).update(repeat_of=first, not_accepted_again=barred)
    petition.repeat_of, petition.not_accepted_again = first, barred
    if not petition.is_confidential and earlier.filter(is_confidential=False).exists():
        record_event(
            petition,
            by,
            EventKind.REGISTERED,
            "重复信访：同一信访人就同一事项曾经信访，详见本件的重复信访提示。",
        )


@dataclass
class RepeatNotice:
    """What one user is told of a petition's earlier matters: the latest one he may see (number and link), else
    the organisation holding an ordinary earlier one and its stage, so that he can ask there."""

    earlier: Petition | None = None
    not_accepted_again: bool = False  # the 第三十六条 hint, only from an earlier petition he may see
    held_by: str = ""
    stage: str = ""

    @property
    def text(self) -> str:
        if self.earlier is not None:
            text = f"重复信访：同一信访人就同一事项曾登记{self.earlier.number}。"
            if self.not_accepted_again:
                text += "前件已经复核终结，以同一事实和理由提出的，依《信访工作条例》第三十六条不再受理。"
            return text
        if self.held_by:
            return f"重复信访：{self.held_by}有该信访人就同一事项的信访（{self.stage}），可向其了解。"
        return ""


def stage_of(status: str) -> str:
    """在办 / 已办结 / 已终结: all that is said of a matter outside the user's scope."""
    if status == Status.TERMINATED:
        return "已终结"
    if status in DONE_STATUSES:
        return "已办结"
    return "在办"


def repeat_notice(petition: Petition, user: User) -> RepeatNotice | None:
    """The repeat banner for ``user`` (第十九条第三款, 第三十六条): an earlier petition is named only when the user
    may see it and, if it is confidential, its petitioners; an ordinary one outside that yields only its
    organisation and stage; a confidential one outside it nothing at all. Nothing either when the user may not
    see who petitions in this one (linking it to other matters would betray the petitioner)."""
    if petition.repeat_of_id is None or not petition.identity_visible_to(user):
        return None
    earlier = earlier_matters(petition)
    seen = earlier.filter(
        pk__in=Petition.objects.visible_to(user).filter(identity_visible_q(user)).values("pk")
    )
    first = seen.order_by("-received_at", "-pk").only("pk", "number").first()
    if first is not None:
        barred = seen.filter(termination_reason=TerminationReason.RE_REVIEWED).exists()
        return RepeatNotice(earlier=first, not_accepted_again=barred)
    other = (
        earlier.filter(is_confidential=False)
        .select_related("org")
        .only("status", "org__name")
        .order_by("-received_at", "-pk")
        .first()
    )
    if other is None:
        return None
    return RepeatNotice(held_by=other.org.name, stage=stage_of(other.status))


CORRECTABLE = ("request", "facts", "reasons", "amount", "is_urgent")


def corrections(data: CorrectionIn) -> dict:
    """The fields of CORRECTABLE the input gives (an ``is_urgent`` of None is none), by name."""
    return {
        name: getattr(data, name)
        for name in CORRECTABLE
        if name in data.model_fields_set and not (name == "is_urgent" and data.is_urgent is None)
    }


@transaction.atomic
def correct_petition(*, petition: Petition, by: User, data: CorrectionIn) -> Petition:
    """Correct registration details (更正登记信息): the fields of CORRECTABLE that ``data`` gives.

    Only the owning side corrects: its staff while the case is open, once it is closed only its approvers, with
    a ``reason``. The update is conditional on the version the user loaded (``data.version``), so a concurrent
    edit is refused, never lost; the event keeps the old and the new values.
    """
    closed = petition.status in CLOSED
    step = check_step(petition, "correct_closed" if closed else "correct", by)
    changes = corrections(data)
    reason_errors = FieldErrors()  # no control character or lone surrogate in the event's summary
    reason = reason_errors.check_text("reason", data.reason, label="更正理由")
    reason_errors.raise_if_any()
    if closed and not reason:
        raise field_error("reason", "更正理由：已办结的信访件更正登记信息须填写更正理由。")
    if len(reason) > REASON_MAX:
        raise field_error("reason", f"更正理由：不能超过{REASON_MAX}个字。")
    errors = FieldErrors()
    changes.update(errors.check_limits(Petition, changes, fields=[n for n in changes if n != "is_urgent"]))
    for name, label in (("request", "信访请求"), ("facts", "事实"), ("reasons", "理由")):
        if name in changes:
            changes[name] = changes[name] or ""
            if not changes[name]:
                errors.add(name, f"请填写{label}。")
    if limits.is_negative(changes.get("amount")):
        errors.add("amount", "涉及金额不能为负数。")
    errors.raise_if_any()

    diff = {
        name: {"from": _plain(getattr(petition, name)), "to": _plain(value)}
        for name, value in changes.items()
        if getattr(petition, name) != value
    }
    if not diff:
        return petition
    FLOW.take(
        petition,
        step=step,
        expected_version=data.version,
        conflict="该信访件已被他人修改，请刷新页面后重新操作。",
        **{name: changes[name] for name in diff},
    )
    labels = "、".join(str(getattr(Petition._meta.get_field(n), "verbose_name", n)) for n in diff)
    summary = f"更正：{labels}" + (f"（更正理由：{reason}）" if reason else "")
    record_event(petition, by, EventKind.CORRECTED, summary, **diff)
    petition.refresh_from_db()
    if diff.get("is_urgent", {}).get("to") is True:
        reminders.report_urgent(petition)
    return petition


def _plain(value) -> str | bool | None:
    """A JSON-safe form of a field value for the event record."""
    if value is None or isinstance(value, bool):
        return value
    return str(value)
