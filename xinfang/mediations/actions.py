"""Workflow steps of a mediation case. Each is one function: keyword-only, one transaction, records its event,
raises ValidationError (by field, Chinese) or an ActionError. Money is Decimal from end to end."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.actions import start_clock, stop_clocks
from xinfang.clocks.models import FIXED_DATE, work_calendar
from xinfang.clocks.registry import table_for
from xinfang.lib import creditcode, limits
from xinfang.lib import phone as phones
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Org, find_or_create_employer
from xinfang.orgs.numbering import keep_seq, next_seq
from xinfang.people.checks import check_people
from xinfang.people.registry import find_or_create_person
from xinfang.petitions.models import Petition
from xinfang.petitions.models import Status as PetitionStatus
from xinfang.policies.models import policy

from .inputs import (
    AcceptIn,
    FollowUpIn,
    MediationConclusionIn,
    MediationDocumentIn,
    MediationIn,
    PerformanceIn,
    SessionIn,
)
from .models import (
    ApplicationForm,
    Body,
    ClockKind,
    DisputeType,
    EventKind,
    FollowUpKind,
    Mediation,
    MediationClock,
    MediationCounter,
    MediationDocument,
    MediationFollowUp,
    MediationSession,
    MediationWorker,
    Performance,
    Status,
)
from .workflow import FLOW

LIMITED = (
    "received_on",
    "accepted_on",
    "body_name",
    "claims",
    "people_count",
    "amount_claimed",
    "mediators",
)


def _validate(data: MediationIn, errors: FieldErrors) -> None:
    errors.check_limits(Mediation, data, fields=LIMITED)
    if not data.employer_id:
        errors.check_limits(
            Employer,
            data,
            fields={"new_employer_name": "name", "new_employer_credit_code": "credit_code"},
            key="employer",
            label="用人单位：",
        )
    if data.body not in Body.values:
        errors.add("body", "请选择调解组织。")
    if data.body == Body.ENTERPRISE and not data.body_name.strip():
        errors.add("body_name", "企业劳动争议调解委员会请填写名称。")
    if data.application_form not in ApplicationForm.values:
        errors.add("application_form", "请选择申请方式。")
    if data.received_on is None:
        errors.add("received_on", "请填写收到申请日期。")
    if data.accepted_on is not None and data.received_on is not None and data.accepted_on < data.received_on:
        errors.add("accepted_on", "受理日期不能早于收到申请日期。")
    if data.dispute_type not in DisputeType.values:
        errors.add("dispute_type", "请选择争议类型。")
    if not data.claims.strip():
        errors.add("claims", "请填写申请调解的事项和理由（口头申请请当场记录）。")
    if limits.is_negative(data.amount_claimed):
        errors.add("amount_claimed", "涉及金额不能为负数。")
    if data.people_count is None or data.people_count < 1:
        errors.add("people_count", "涉及人数至少为1。")
    if not data.employer_id and not data.new_employer_name.strip():
        errors.add("employer", "请选择或填写用人单位。")
    if data.new_employer_credit_code.strip():
        errors.check("employer", creditcode.validate_credit_code, data.new_employer_credit_code, "用人单位的")
    _validate_workers(data, errors)


def _validate_workers(data: MediationIn, errors: FieldErrors) -> None:
    workers = data.workers
    if not workers:
        errors.add("workers", "请至少登记一名申请调解的劳动者。")
        return
    check_people(errors, "workers", workers, "第{}名劳动者：", "同一身份证号在本案中重复登记。")
    count = data.people_count or 0
    if count < len(workers):
        errors.add("people_count", f"涉及人数（{count}）少于登记的劳动者人数（{len(workers)}）。")
    threshold = policy("mediation_representative_threshold")
    reps = sum(w.is_representative for w in workers)
    if reps and count < threshold:
        errors.add("workers", f"劳动者一方{threshold}人以上且有共同请求的，才推举代表参加调解（第七条）。")
    if count >= threshold and not reps and len(workers) < count:
        errors.add(
            "workers",
            f"劳动者一方{count}人，未逐一登记的，应推举代表参加调解（第七条），请将代表标记为“推举的代表”。",
        )


def number_prefix(federation: Org) -> str:
    """The federation's case numbers begin with this (罗工调): its petition prefix without 信 (or its short name)."""
    return (federation.petition_prefix.removesuffix("信") or federation.short_name) + "调"


def format_number(federation: Org, year: int, seq: int) -> str:
    return f"{number_prefix(federation)}〔{year}〕{seq:04d}"


KEPT_NUMBER = re.compile(r"^(?P<prefix>.*)〔(?P<year>\d{4})〕(?P<seq>\d{1,6})$")


def kept_number(number: str, federation: Org) -> tuple[int, int, str] | str:
    """A case number an import keeps: its year, its sequence and the number as stored (``罗工调〔2024〕12`` →
    ``罗工调〔2024〕0012``), or the problem with it in Chinese."""
    prefix = number_prefix(federation)
    match = KEPT_NUMBER.match(limits.clean_text(number))
    if match is None:
        return f"案件编号格式应为“{prefix}〔年度〕序号”，如{prefix}〔2025〕0001。"
    if match["prefix"] != prefix:
        return f"案件编号的前缀应为“{prefix}”。"
    year, seq = int(match["year"]), int(match["seq"])
    if not 1990 <= year <= timezone.localdate().year or seq < 1:
        return "案件编号的年度或序号无效。"
    return year, seq, format_number(federation, year, seq)


def _number(federation: Org, year: int, kept: str) -> tuple[int, int, str]:
    """(year, sequence, number): the number kept from an import (checked: its form, not used anywhere, for
    numbers are the installation's), else the next of the federation's counter for the received year."""
    if not kept:
        seq = next_seq(MediationCounter, federation=federation, year=year)
        return year, seq, format_number(federation, year, seq)
    parts = kept_number(kept, federation)
    if isinstance(parts, str):
        raise field_error("number", parts)
    if Mediation.objects.filter(number=parts[2]).exists():
        raise field_error("number", "该案件编号已被使用。")
    keep_seq(MediationCounter, federation=federation, year=parts[0], seq=parts[1])
    return parts


def settle_by(received_on: date) -> date:
    """The last day of the 15-day period (第十四条), counted from the day after receipt on the holiday calendar."""
    return due_date(
        work_calendar(),
        received_on,
        policy("mediation_days"),
        CALENDAR_DAYS,
        roll_forward=bool(policy("deadline_roll_forward")),
    ).due_on


@transaction.atomic
def register_mediation(*, by: User, data: MediationIn, number: str = "") -> Mediation:
    """Register a mediation application (written, or oral and written down on the spot), directly or from a
    petition diverted into mediation (the two stay linked; each counts once in its own ledger). ``number``: the
    case number an import keeps (docs/imports.md, "mediations"); empty, the next number of the received year."""
    if not by.can("mediations.register"):
        raise NotAllowed(f"您的角色（{by.get_role_display()}）不能登记调解案件。")
    home = by.org
    if home is None:
        raise NotAllowed("您的账号未设置所属组织，不能登记。")
    errors = FieldErrors()
    _validate(data, errors)
    org: Org | None = home
    if data.org_id and data.org_id != home.pk:
        org = Org.objects.visible_to(by).filter(pk=data.org_id).first()
        if org is None:
            errors.add("org", "所选责任组织不在您的管辖范围内。")
    petition = None
    if data.petition_id:
        petition = Petition.objects.visible_to(by).filter(pk=data.petition_id).first()
        if petition is None:
            errors.add("petition", "所选信访件不存在。")
        elif petition.status != PetitionStatus.DIVERTED:
            errors.add("petition", "只有已导入法定程序的信访件可以转为调解案件。")
        elif Mediation.objects.filter(petition=petition).exists():
            errors.add("petition", "该信访件已转为调解案件。")
    employer: Employer | None = None
    if data.employer_id:
        employer = Employer.objects.visible_to(by).for_record(data.employer_id)
        if employer is None:
            errors.add("employer", "所选用人单位不存在。")
    errors.raise_if_any()
    assert org is not None and data.received_on is not None
    if employer is None:
        employer = find_or_create_employer(
            name=data.new_employer_name,
            credit_code=data.new_employer_credit_code,
            home=home,
            by=by,
            confirm_new=data.confirm_new_employer,
        )
    federation = org.federation()
    if federation is None:
        raise NotAllowed("您所在的组织不属于任何区总工会，无法登记。")
    year, seq, number = _number(federation, data.received_on.year, number)
    people = [
        find_or_create_person(name=w.name, id_number=w.id_number, phone=w.phone, address=w.address, org=org)
        for w in data.workers
    ]
    mediation = Mediation.objects.create(
        federation=federation,
        year=year,
        seq=seq,
        number=number,
        org=org,
        body=data.body,
        body_name=data.body_name.strip(),
        application_form=data.application_form,
        received_on=data.received_on,
        accepted_on=data.accepted_on,
        employer=employer,
        dispute_type=data.dispute_type,
        claims=data.claims.strip(),
        people_count=data.people_count,
        worker_names="、".join(w.name.strip() for w in data.workers)[:200],
        amount_claimed=data.amount_claimed,
        mediators=data.mediators.strip(),
        status=Status.MEDIATING if data.accepted_on else Status.RECEIVED,
        settle_by=settle_by(data.received_on),
        petition=petition,
        registered_by=by,
    )
    start_clock(
        table=table_for(MediationClock),
        record=mediation,
        kind=ClockKind.SETTLE,
        trigger_on=data.received_on,
        days=policy("mediation_days"),
        by=by,
    )
    MediationWorker.objects.bulk_create(
        MediationWorker(
            mediation=mediation,
            person=p,
            is_representative=w.is_representative,
            order=i,
            name=w.name.strip(),
            id_number=p.id_number,
            phone=phones.normalize(w.phone.strip()),
            address=w.address.strip(),
        )
        for i, (w, p) in enumerate(zip(data.workers, people, strict=True))
    )
    source = f"，由信访件{petition.number}导入" if petition else ""
    record_event(
        mediation,
        by,
        EventKind.REGISTERED,
        f"{ApplicationForm(data.application_form).label}登记，编号{number}{source}；"
        f"调解期限{cn_date(mediation.settle_by)}",
        settle_by=mediation.settle_by.isoformat(),
    )
    return mediation


@transaction.atomic
def accept_mediation(*, mediation: Mediation, by: User, data: AcceptIn) -> Mediation:
    step = FLOW.check(mediation, "accept", by)
    accepted_on = data.accepted_on
    if accepted_on is None or accepted_on < mediation.received_on or accepted_on > timezone.localdate():
        raise field_error("accepted_on", "受理日期应在收到申请日期之后、不晚于今天。")
    FLOW.take(mediation, step=step, expected_version=data.version, accepted_on=accepted_on)
    record_event(mediation, by, EventKind.ACCEPTED, f"{cn_date(accepted_on)}受理")
    mediation.refresh_from_db()
    return mediation


@transaction.atomic
def add_session(*, mediation: Mediation, by: User, data: SessionIn) -> MediationSession:
    """Record a mediation session (调解记录)."""
    FLOW.check(mediation, "add_session", by)
    held_on = data.held_on
    errors = FieldErrors()
    values = errors.check_limits(MediationSession, data, fields=("place", "attendees", "minutes"))
    place, attendees, minutes = values["place"], values["attendees"], values["minutes"]
    if held_on is None:
        errors.add("held_on", "请填写调解日期。")
    elif held_on < mediation.received_on or held_on > timezone.localdate():
        errors.add("held_on", "调解日期应在收到申请日期之后、不晚于今天。")
    for name, value, label in (
        ("place", place, "地点"),
        ("attendees", attendees, "参加人员"),
        ("minutes", minutes, "调解笔录"),
    ):
        if not value.strip():
            errors.add(name, f"请填写{label}。")
    errors.raise_if_any()
    assert held_on is not None
    session = MediationSession.objects.create(
        mediation=mediation,
        held_on=held_on,
        place=place.strip(),
        attendees=attendees.strip(),
        minutes=minutes.strip(),
        recorded_by=by,
    )
    record_event(
        mediation, by, EventKind.SESSION, f"{cn_date(held_on)}在{place.strip()}调解：{minutes.strip()}"
    )
    return session


@transaction.atomic
def conclude_mediation(*, mediation: Mediation, by: User, data: MediationConclusionIn) -> Mediation:
    """The result: settled (with the agreement's terms, amount and performance), not settled, withdrawn, or not
    accepted."""
    step = FLOW.check(mediation, "conclude", by)
    result, result_on = data.result, data.result_on
    amount_agreed, performance_due_on = data.amount_agreed, data.performance_due_on
    errors = FieldErrors()
    values = errors.check_limits(
        Mediation,
        data,
        fields={
            "note": "result_note",
            "agreement_terms": "agreement_terms",
            "amount_agreed": "amount_agreed",
            "performance_due_on": "performance_due_on",
            "performance_manner": "performance_manner",
            "archive_number": "archive_number",
        },
        ahead=("performance_due_on",),
    )
    note, agreement_terms = values["note"], values["agreement_terms"]
    performance_manner, archive_number = values["performance_manner"], values["archive_number"]
    if result not in (Status.SETTLED, Status.NOT_SETTLED, Status.WITHDRAWN, Status.NOT_ACCEPTED):
        errors.add("result", "请选择调解结果。")
    if result_on is None:
        errors.add("result_on", "请填写调解结果日期。")
    elif result_on < mediation.received_on:
        errors.add("result_on", "调解结果日期不能早于收到申请日期。")
    elif result_on > timezone.localdate():
        errors.add("result_on", "调解结果日期不能晚于今天。")
    if result == Status.SETTLED:
        if not agreement_terms.strip():
            errors.add("agreement_terms", "调解成功须填写协议内容。")
        if limits.is_negative(amount_agreed):
            errors.add("amount_agreed", "协议金额不能为负数。")
        if performance_due_on is None:
            errors.add("performance_due_on", "调解成功须填写履行期限。")
        elif result_on is not None and performance_due_on < result_on:
            errors.add("performance_due_on", "履行期限不能早于调解结果日期。")
        if not performance_manner.strip():
            errors.add("performance_manner", "请填写履行方式。")
    elif result in Status.values and not note.strip():
        errors.add("note", "请填写调解不成、撤回或不予受理的原因。")
    errors.raise_if_any()
    assert result_on is not None
    settled = result == Status.SETTLED
    FLOW.take(
        mediation,
        step=step,
        expected_version=data.version,
        status=result,
        result_on=result_on,
        result_note=note.strip(),
        agreement_terms=agreement_terms.strip() if settled else "",
        amount_agreed=amount_agreed if settled else None,
        performance_due_on=performance_due_on if settled else None,
        performance_manner=performance_manner.strip() if settled else "",
        archive_number=archive_number.strip(),
    )
    stop_clocks(mediation.clocks.filter(kind=ClockKind.SETTLE), on=result_on)
    if settled and performance_due_on is not None:
        start_clock(
            table=table_for(MediationClock),
            record=mediation,
            kind=ClockKind.PERFORMANCE,
            trigger_on=result_on,
            days=(performance_due_on - result_on).days,
            unit=FIXED_DATE,
            by=by,
        )
    detail = (
        f"，协议金额{amount_agreed}元，{cn_date(performance_due_on)}前履行"
        if settled and performance_due_on
        else ""
    )
    if settled and amount_agreed is None and performance_due_on:
        detail = f"，{cn_date(performance_due_on)}前履行"
    record_event(
        mediation,
        by,
        EventKind.CONCLUDED,
        f"{Status(result).label}（{cn_date(result_on)}）{detail}{('：' + note.strip()) if note.strip() else ''}",
        result=result,
    )
    mediation.refresh_from_db()
    return mediation


@transaction.atomic
def record_performance(*, mediation: Mediation, by: User, data: PerformanceIn) -> Mediation:
    """How the agreement was performed, on which day (``performed_on``, default today; not in the future, not
    before the result), and the amount actually recovered. Recovering more than was agreed is refused unless the
    user confirms it (a typo is likelier than a generous employer). A performance completed stops the performance
    clock on its day."""
    step = FLOW.check(mediation, "record_performance", by)
    performance, amount_recovered = data.performance, data.amount_recovered
    today = timezone.localdate()
    performed_on = data.performed_on or today
    errors = FieldErrors()
    errors.check_limits(Mediation, {"amount_recovered": amount_recovered}, fields=("amount_recovered",))
    if performance not in Performance.values:
        errors.add("performance", "请选择履行情况。")
    errors.check_date("performed_on", performed_on, label="履行情况日期")
    if "performed_on" not in errors.by_field and mediation.result_on and performed_on < mediation.result_on:
        errors.add("performed_on", "履行情况日期不能早于调解结果日期。")
    if limits.is_negative(amount_recovered):
        errors.add("amount_recovered", "追回金额不能为负数。")
    elif (
        amount_recovered is not None
        and "amount_recovered" not in errors.by_field
        and mediation.amount_agreed is not None
        and amount_recovered > mediation.amount_agreed
        and not data.confirm_over_agreed
    ):
        errors.add(
            "amount_recovered",
            f"实际追回金额（{amount_recovered}元）超过协议金额（{mediation.amount_agreed}元），"
            "请核对；确属无误的，请勾选“确认金额无误”后再保存。",
        )
    errors.raise_if_any()
    FLOW.take(
        mediation,
        step=step,
        expected_version=data.version,
        performance=performance,
        performed_on=performed_on,
        amount_recovered=amount_recovered,
    )
    if performance == Performance.PERFORMED:
        stop_clocks(mediation.clocks.filter(kind=ClockKind.PERFORMANCE), on=performed_on)
    amount = f"，实际追回{amount_recovered}元" if amount_recovered is not None else ""
    entered = "" if performed_on == today else f"（{cn_date(performed_on)}，补录）"
    record_event(
        mediation,
        by,
        EventKind.PERFORMANCE,
        f"协议{Performance(performance).label}{amount}{entered}",
        performed_on=performed_on.isoformat(),
    )
    mediation.refresh_from_db()
    return mediation


@transaction.atomic
def add_follow_up(*, mediation: Mediation, by: User, data: FollowUpIn) -> MediationFollowUp:
    """After mediation: arbitration applied, payment order (第十六条), judicial confirmation, arbitration review."""
    FLOW.check(mediation, "add_follow_up", by)
    kind, on = data.kind, data.on
    errors = FieldErrors()
    note = errors.check_limits(MediationFollowUp, {"note": data.note}, fields=("note",))["note"]
    if kind not in FollowUpKind.values:
        errors.add("kind", "请选择后续程序。")
    if on is None:
        errors.add("on", "请填写日期。")
    elif on < mediation.received_on or on > timezone.localdate():
        errors.add("on", "日期应在收到申请日期之后、不晚于今天。")
    errors.raise_if_any()
    assert on is not None
    follow_up = MediationFollowUp.objects.create(
        mediation=mediation, kind=kind, on=on, note=note.strip(), recorded_by=by
    )
    record_event(
        mediation,
        by,
        EventKind.FOLLOW_UP,
        f"{cn_date(on)}{FollowUpKind(kind).label}{('：' + note.strip()) if note.strip() else ''}",
    )
    return follow_up


@transaction.atomic
def generate_mediation_document(
    *, mediation: Mediation, by: User, data: MediationDocumentIn
) -> MediationDocument:
    """Write 调解申请登记表, 调解协议书 or 调解终止告知书 (``data.kind``) and keep it with the case."""
    kind = data.kind
    from django.core.files.base import ContentFile

    from xinfang.documents.render import render

    from . import letters

    FLOW.check(mediation, "generate_document", by)
    spec = letters.TEMPLATES.get(kind)
    if spec is None:
        raise NotAllowed("未知的文书类型。")
    if not letters.available(kind, mediation):
        raise NotAllowed(f"该案件当前不能生成《{spec.title}》。")
    if problem := letters.incomplete(kind, mediation):
        raise NotAllowed(problem)
    content = render(kind, letters.context(kind, mediation, by))
    document = MediationDocument(mediation=mediation, kind=kind, title=spec.title, generated_by=by)
    document.file.save(f"m{mediation.pk}-{kind}.docx", ContentFile(content), save=False)
    document.save()
    record_event(mediation, by, EventKind.DOCUMENT_GENERATED, f"生成《{spec.title}》")
    return document
