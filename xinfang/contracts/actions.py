"""The steps of a collective contract. Each is one function: keyword-only, one transaction, checks who may act on
this contract, validates (Chinese messages by field), updates conditionally on the version, records its event.
The filing and review periods are clocks on the core's mechanism (``ContractClock``, ``clocks.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from xinfang.accounts.models import User
from xinfang.clocks.actions import start_clock, stop_clocks
from xinfang.clocks.registry import table_for
from xinfang.congresses.models import Congress
from xinfang.ledgerkit.saving import owning_org, require_owner, update_record
from xinfang.lib import contractdates
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Industry, Org, Ownership
from xinfang.orgs.numbering import next_seq

from .abilities import RECORD
from .inputs import ContractIn, ContractSessionIn, FilingIn, ObjectionIn
from .models import (
    ClockKind,
    Contract,
    ContractClock,
    ContractCounter,
    ContractEmployer,
    ContractKind,
    ContractSession,
    ContractType,
    EventKind,
    Status,
)
from .rules import vote_problems
from .workflow import FLOW

LIMITED = (
    "industry",
    "employer_side",
    "worker_side",
    "employer_chief",
    "worker_chief",
    "employers_covered",
    "sole_traders_covered",
    "workers_covered",
    "representatives_total",
    "representatives_present",
    "votes_for",
    "voted_on",
    "signed_on",
    "starts_on",
    "ends_on",
    "filed_on",
    "note",
)
TERM = ("starts_on", "ends_on")  # dates that may lie ahead


def validate(data: ContractIn, errors: FieldErrors) -> None:
    """The checks of a registration that need no database (the import's check runs them too)."""
    errors.check_limits(Contract, data, fields=LIMITED, ahead=TERM)
    if data.contract_type not in ContractType.values:
        errors.add("contract_type", "请选择合同类型（单个用人单位、区域性或行业性）。")
    if data.kind not in ContractKind.values:
        errors.add("kind", "请选择合同种类（综合性或工资、女职工权益保护、劳动安全卫生专项）。")
    if data.industry and data.industry not in Industry.values:
        errors.add("industry", "请从列表中选择行业。")
    if data.contract_type == ContractType.INDUSTRY and not data.industry:
        errors.add("industry", "行业性集体合同请选择行业。")
    if not data.employer_side:
        errors.add("employer_side", "请填写用人单位方（用人单位或企业方代表组织）。")
    if not data.worker_side:
        errors.add("worker_side", "请填写职工方（工会）。")
    _validate_coverage(data, errors)
    for name, message in vote_problems(
        total=data.representatives_total, present=data.representatives_present, votes_for=data.votes_for
    ).items():
        errors.add(name, message)
    _validate_dates(data, errors)


def _validate_coverage(data: ContractIn, errors: FieldErrors) -> None:
    employers, sole = data.employers_covered, data.sole_traders_covered
    if employers is None or employers < 1:
        errors.add("employers_covered", "请填写覆盖企业数（至少1家，含个体工商户）。")
    elif data.contract_type == ContractType.SINGLE and employers != 1:
        errors.add("employers_covered", f"单个用人单位的集体合同覆盖1家企业（现为{employers}家）。")
    elif sole is not None and sole > employers:
        errors.add("sole_traders_covered", f"其中个体工商户数（{sole}）不能大于覆盖企业数（{employers}）。")
    if sole is None or sole < 0:
        errors.add("sole_traders_covered", "个体工商户数不能为负数。")
    if data.workers_covered is None or data.workers_covered < 1:
        errors.add("workers_covered", "请填写覆盖职工人数（至少1人）。")
    ids = data.employer_ids or []
    if len(set(ids)) != len(ids):
        errors.add("employer_ids", "覆盖的用人单位：同一用人单位不能重复列入。")
    if employers is not None and len(ids) > employers:
        errors.add(
            "employer_ids", f"覆盖的用人单位：列入的单位（{len(ids)}家）多于覆盖企业数（{employers}家）。"
        )


def _covered_employers(by: User, data: ContractIn, errors: FieldErrors) -> list[Employer]:
    """The registered employers the contract lists (``employer_ids``): each in the user's scope and not merged;
    those that are sole traders (个体工商户) fit in ``sole_traders_covered``, the others in the rest of
    ``employers_covered`` (the counts may be larger: not every employer covered is on the register)."""
    ids = list(dict.fromkeys(data.employer_ids or []))
    found = {e.pk: e for e in Employer.objects.visible_to(by).active().filter(pk__in=ids)}
    if missing := [str(pk) for pk in ids if pk not in found]:
        errors.add(
            "employer_ids",
            f"覆盖的用人单位：编号{'、'.join(missing[:5])}的单位不存在、已合并或不在您的管辖范围内，请重新选择。",
        )
    employers = [found[pk] for pk in ids if pk in found]
    total, sole = data.employers_covered, data.sole_traders_covered
    if total is None or sole is None or total < 1 or sole < 0 or sole > total:
        return employers  # the counts' own errors are on them already
    traders = [e.name for e in employers if e.ownership == Ownership.SOLE_TRADER]
    others = len(employers) - len(traders)
    if len(traders) > sole:
        errors.add(
            "sole_traders_covered",
            f"其中个体工商户数（{sole}）少于覆盖的用人单位中列入的个体工商户（{len(traders)}家："
            f"{'、'.join(traders[:5])}{'等' if len(traders) > 5 else ''}）。",
        )
    elif others > total - sole:
        errors.add(
            "employers_covered",
            f"覆盖企业数（{total}家，其中个体工商户{sole}家）少于覆盖的用人单位中列入的"
            f"{len(traders) and '个体工商户以外的'}单位（{others}家）与个体工商户数之和。",
        )
    return employers


def _validate_dates(data: ContractIn, errors: FieldErrors) -> None:
    if data.voted_on is None:
        errors.add("voted_on", "请填写职代会审议通过集体合同草案的日期。")
    if data.signed_on is None:
        errors.add("signed_on", "请填写签订日期。")
    elif data.voted_on is not None and data.signed_on < data.voted_on:
        errors.add("signed_on", "签订日期不能早于职代会审议日期（草案经职代会通过后由首席代表签字）。")
    if data.starts_on is None:
        errors.add("starts_on", "请填写合同期限起始日。")
    if data.ends_on is None:
        errors.add("ends_on", "请填写合同期限终止日。")
    if data.starts_on is not None and data.ends_on is not None:
        problem = contractdates.term_problem(data.starts_on, data.ends_on)
        if problem:
            errors.add("ends_on", problem)
    if data.filed_on is not None and data.signed_on is not None and data.filed_on < data.signed_on:
        errors.add("filed_on", "报送日期不能早于签订日期。")


def _check_congress(by: User, data: ContractIn, errors: FieldErrors) -> Congress | None:
    """The linked congress (optional): in the user's scope, and the vote as that congress recorded it."""
    if not data.congress_id:
        return None
    congress = Congress.objects.visible_to(by).filter(pk=data.congress_id).first()
    if congress is None:
        errors.add("congress", "所选职代会不存在，或不在您的管辖范围内。")
        return None
    if data.voted_on is not None and data.voted_on != congress.held_on:
        errors.add("voted_on", f"职代会审议日期应为所选职代会的召开日期（{cn_date(congress.held_on)}）。")
    if data.representatives_total is not None and data.representatives_total != congress.representatives:
        errors.add(
            "representatives_total",
            f"职工代表总数应与所选职代会的代表总数（{congress.representatives}）一致。",
        )
    if data.representatives_present is not None and data.representatives_present != congress.present:
        errors.add(
            "representatives_present", f"出席代表人数应与所选职代会的实到代表（{congress.present}）一致。"
        )
    return congress


def _next_number(federation: Org, year: int) -> tuple[int, str]:
    seq = next_seq(ContractCounter, federation=federation, year=year)
    prefix = federation.petition_prefix.removesuffix("信") or federation.short_name
    return seq, f"{prefix}集合〔{year}〕{seq:04d}"


def _clocks():
    return table_for(ContractClock)


def _checked(by: User, data: ContractIn) -> tuple[Org, list[Employer], Contract | None]:
    """The registration's checks (all of them, by field), or its ValidationError; what it will save."""
    if not by.can(RECORD):
        raise NotAllowed(f"您的角色（{by.get_role_display()}）不能登记集体合同。")
    home = by.org
    if home is None:
        raise NotAllowed("您的账号未设置所属组织，不能登记。")
    errors = FieldErrors()
    validate(data, errors)
    org: Org | None = home
    if data.org_id and data.org_id != home.pk:
        org = Org.objects.visible_to(by).filter(pk=data.org_id).first()
        if org is None:
            errors.add("org", "所选责任组织不在您的管辖范围内。")
    employers = _covered_employers(by, data, errors)
    _check_congress(by, data, errors)
    predecessor = None
    if data.predecessor_id:
        predecessor = Contract.objects.visible_to(by).filter(pk=data.predecessor_id).first()
        if predecessor is None:
            errors.add("predecessor", "所续订的集体合同不存在。")
        elif predecessor.status != Status.EFFECTIVE:
            errors.add("predecessor", f"所续订的集体合同{predecessor.number}尚未生效，不能续订。")
        elif Contract.objects.filter(predecessor=predecessor).exists():
            errors.add("predecessor", f"集体合同{predecessor.number}已续订。")
        elif data.starts_on is not None and data.starts_on <= predecessor.starts_on:
            errors.add(
                "starts_on", f"续订合同的期限应在原合同（自{cn_date(predecessor.starts_on)}起）之后开始。"
            )
    if org is not None and data.signed_on is not None:
        same = Contract.objects.filter(
            org=org, signed_on=data.signed_on, kind=data.kind, employer_side=data.employer_side
        )
        if same.exists():
            errors.add("employer_side", "同一责任组织在同一签订日期已登记该用人单位方的同种集体合同。")
    errors.raise_if_any()
    assert org is not None
    return org, employers, predecessor


def check_contract(*, by: User, data: ContractIn) -> None:
    """The checks of ``register_contract`` alone (an import's check runs them on each new row); saves nothing."""
    _checked(by, data)


@transaction.atomic
def register_contract(*, by: User, data: ContractIn, imported: bool = False) -> Contract:
    """Register a signed collective contract (or, with ``predecessor_id``, the renewal of one): its filing clock
    starts on the signing date; with ``filed_on`` it is filed at once (a past contract) and its review clock
    starts."""
    org, employers, predecessor = _checked(by, data)
    assert data.signed_on is not None and data.ends_on is not None
    assert data.employers_covered is not None and data.workers_covered is not None
    assert data.representatives_total is not None and data.representatives_present is not None
    assert data.votes_for is not None
    assert data.starts_on is not None and data.voted_on is not None
    federation = org.federation()
    if federation is None:
        raise NotAllowed("您所在的组织不属于任何区总工会，无法登记。")
    if predecessor is not None:
        step = FLOW.check(predecessor, "renew", by)  # the renewing user must own the contract renewed
        FLOW.take(predecessor, step=step, expected_version=predecessor.version)
    seq, number = _next_number(federation, data.signed_on.year)
    contract = Contract(
        federation=federation,
        year=data.signed_on.year,
        seq=seq,
        number=number,
        org=org,
        contract_type=data.contract_type,
        kind=data.kind,
        industry=data.industry,
        employer_side=data.employer_side,
        worker_side=data.worker_side,
        employer_chief=data.employer_chief,
        worker_chief=data.worker_chief,
        employers_covered=data.employers_covered,
        sole_traders_covered=data.sole_traders_covered,
        workers_covered=data.workers_covered,
        congress_id=data.congress_id,
        voted_on=data.voted_on,
        representatives_total=data.representatives_total,
        representatives_present=data.representatives_present,
        votes_for=data.votes_for,
        signed_on=data.signed_on,
        filing_due_on=data.signed_on,  # the clock's due date, set below
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        renewal_opens_on=contractdates.renewal_opens_on(data.ends_on),
        predecessor=predecessor,
        note=data.note,
        created_by=by,
    )
    contract.save()
    ContractEmployer.objects.bulk_create(ContractEmployer(contract=contract, employer=e) for e in employers)
    clock = start_clock(
        table=_clocks(),
        record=contract,
        kind=ClockKind.FILING,
        trigger_on=data.signed_on,
        days=contractdates.FILING_DAYS,
        by=by,
    )
    Contract.objects.filter(pk=contract.pk).update(filing_due_on=clock.due_on)
    contract.filing_due_on = clock.due_on
    renewed = f"，续订{predecessor.number}" if predecessor else ""
    record_event(
        contract,
        by,
        EventKind.IMPORTED if imported else EventKind.CREATED,
        f"登记{contract.type_label}，编号{number}{renewed}；{cn_date(data.signed_on)}签订，"
        f"应于{cn_date(clock.due_on)}前报送劳动行政部门审查",
        filing_due_on=clock.due_on.isoformat(),
    )
    if predecessor is not None:
        record_event(predecessor, by, EventKind.RENEWED, f"已续订，续订合同编号{number}", renewal=number)
    if data.filed_on is not None:
        contract = _file(contract, by=by, filed_on=data.filed_on, step="file", version=contract.version)
    return contract


LINKS = "覆盖的用人单位"  # the history's name of the employers listed

EDITABLE = (
    "contract_type",
    "kind",
    "industry",
    "employer_side",
    "worker_side",
    "employer_chief",
    "worker_chief",
    "employers_covered",
    "sole_traders_covered",
    "workers_covered",
    "voted_on",
    "representatives_total",
    "representatives_present",
    "votes_for",
    "signed_on",
    "starts_on",
    "ends_on",
    "note",
)


@transaction.atomic
def update_contract(*, contract: Contract, by: User, data: ContractIn) -> Contract:
    """修改: correct what was registered (the kit's edit page and the API's PUT), on the version read. The filing and
    the review are their own steps: a filed contract keeps its signing date, and neither the filing date nor the
    contract renewed is changed here. A new signing date of a contract not yet filed restarts its filing clock."""
    require_owner(contract, by, RECORD, "修改集体合同")
    listed = list(contract.employer_links.order_by("pk").values_list("employer_id", flat=True))
    if data.employer_ids is None:  # left out (an API update that does not touch them): the listed ones stay,
        data = data.model_copy(update={"employer_ids": listed})  # and still fit the counts given
    errors = FieldErrors()
    validate(data, errors)
    org = owning_org(by, data.org_id or contract.org_id, errors)
    if (
        data.signed_on is not None
        and data.signed_on != contract.signed_on
        and contract.status != Status.SIGNED
    ):
        errors.add("signed_on", "该集体合同已报送审查，不能修改签订日期。")
    if data.filed_on is not None and data.filed_on != contract.filed_on:
        errors.add("filed_on", "报送日期请通过“报送审查”录入。")
    if data.predecessor_id is not None and data.predecessor_id != contract.predecessor_id:
        errors.add("predecessor", "续订关系请在登记续订合同时确定。")
    employers = _covered_employers(by, data, errors)
    congress = _check_congress(by, data, errors)
    same = Contract.objects.filter(
        org=org,
        signed_on=data.signed_on or contract.signed_on,
        kind=data.kind,
        employer_side=data.employer_side,
    ).exclude(pk=contract.pk)
    if org is not None and same.exists():
        errors.add("employer_side", "同一责任组织在同一签订日期已登记该用人单位方的同种集体合同。")
    errors.raise_if_any()
    assert data.ends_on is not None and data.signed_on is not None
    fields = {name: getattr(data, name) for name in EDITABLE} | {"org": org, "congress": congress}
    fields["renewal_opens_on"] = contractdates.renewal_opens_on(data.ends_on)
    signed_moved = data.signed_on != contract.signed_on
    if signed_moved:
        stop_clocks(contract.clocks.filter(kind=ClockKind.FILING), on=data.signed_on, late_if_after_due=False)
        clock = start_clock(
            table=_clocks(),
            record=contract,
            kind=ClockKind.FILING,
            trigger_on=data.signed_on,
            days=contractdates.FILING_DAYS,
            by=by,
        )
        fields["filing_due_on"] = clock.due_on
    ends_moved = data.ends_on != contract.ends_on
    wanted = {e.pk: e for e in employers}
    links: dict[str, dict[str, str]] = {}
    if set(listed) != set(wanted):  # a change of the list is a change of the contract: the version moves
        before = Employer.objects.filter(pk__in=listed).order_by("name").values_list("name", flat=True)
        links[LINKS] = {"from": "；".join(before), "to": "；".join(sorted(e.name for e in employers))}
    contract = update_record(
        contract, by=by, expected_version=data.version, fields=fields, also=links, noun="集体合同"
    )
    if links:
        contract.employer_links.exclude(employer__in=list(wanted)).delete()
        ContractEmployer.objects.bulk_create(
            ContractEmployer(contract=contract, employer=e) for pk, e in wanted.items() if pk not in listed
        )
    if ends_moved:  # a new last day: remind again in its own window
        Contract.objects.filter(pk=contract.pk).update(renewal_noted_at=None)
    return contract


def _file(contract: Contract, *, by: User, filed_on, step: str, version: int) -> Contract:
    """报送 or 重新报送: the filing clock stops (late or not), the review clock starts on the day of receipt."""
    checked = FLOW.check(contract, step, by)
    errors = FieldErrors()
    errors.check_limits(Contract, {"filed_on": filed_on}, fields=("filed_on",))
    if filed_on < contract.signed_on:
        errors.add("filed_on", f"报送日期不能早于签订日期（{cn_date(contract.signed_on)}）。")
    if contract.objected_on is not None and filed_on < contract.objected_on:
        errors.add("filed_on", f"重新报送日期不能早于提出异议日期（{cn_date(contract.objected_on)}）。")
    errors.raise_if_any()
    late = stop_clocks(contract.clocks.filter(kind=ClockKind.FILING), on=filed_on)
    clock = start_clock(
        table=_clocks(),
        record=contract,
        kind=ClockKind.REVIEW,
        trigger_on=filed_on,
        days=contractdates.REVIEW_DAYS,
        by=by,
    )
    FLOW.take(
        contract, step=checked, expected_version=version, filed_on=filed_on, review_ends_on=clock.due_on
    )
    again = "重新" if step == "refile" else ""
    record_event(
        contract,
        by,
        EventKind.FILED,
        f"{cn_date(filed_on)}{again}报送劳动行政部门审查{late}；自收到之日起15日内（至{cn_date(clock.due_on)}）"
        f"未提出异议的，自{cn_date(clock.due_on + timedelta(days=1))}起生效",
        filed_on=filed_on.isoformat(),
        review_ends_on=clock.due_on.isoformat(),
    )
    contract.refresh_from_db()
    return contract


@transaction.atomic
def file_contract(*, contract: Contract, by: User, data: FilingIn) -> Contract:
    """报送审查: the labour department received the text on ``filed_on``."""
    return _file(contract, by=by, filed_on=data.filed_on, step="file", version=data.version)


@transaction.atomic
def refile_contract(*, contract: Contract, by: User, data: FilingIn) -> Contract:
    """重新报送 after an objection (the parties negotiated again, 集体合同规定 第四十八条)."""
    return _file(contract, by=by, filed_on=data.filed_on, step="refile", version=data.version)


@transaction.atomic
def record_objection(*, contract: Contract, by: User, data: ObjectionIn) -> Contract:
    """The labour department objected within its review period: the contract does not take effect; the review
    clock stops."""
    step = FLOW.check(contract, "object", by)
    errors = FieldErrors()
    errors.check_limits(Contract, data, fields=("objected_on", "objection"))
    assert contract.filed_on is not None and contract.review_ends_on is not None
    if data.objected_on < contract.filed_on:
        errors.add("objected_on", f"提出异议日期不能早于报送日期（{cn_date(contract.filed_on)}）。")
    elif data.objected_on > contract.review_ends_on:
        errors.add(
            "objected_on",
            f"审查期限已于{cn_date(contract.review_ends_on)}届满，期满后提出的异议不影响合同生效。",
        )
    if not data.objection:
        errors.add("objection", "请填写劳动行政部门的审查意见。")
    errors.raise_if_any()
    stop_clocks(contract.clocks.filter(kind=ClockKind.REVIEW), on=data.objected_on, late_if_after_due=False)
    FLOW.take(
        contract,
        step=step,
        expected_version=data.version,
        objected_on=data.objected_on,
        objection=data.objection,
    )
    record_event(
        contract,
        by,
        EventKind.OBJECTED,
        f"劳动行政部门于{cn_date(data.objected_on)}提出异议：{data.objection}",
        objected_on=data.objected_on.isoformat(),
    )
    contract.refresh_from_db()
    return contract


@transaction.atomic
def add_session(*, contract: Contract, by: User, data: ContractSessionIn) -> ContractSession:
    """Record a collective negotiation session (集体协商)."""
    FLOW.check(contract, "add_session", by)
    errors = FieldErrors()
    errors.check_limits(ContractSession, data, fields=("held_on", "place", "topics"))
    if not data.topics:
        errors.add("topics", "请填写协商内容。")
    if data.held_on is not None and data.held_on > contract.signed_on:
        errors.add("held_on", f"协商日期不能晚于签订日期（{cn_date(contract.signed_on)}）。")
    errors.raise_if_any()
    session = ContractSession.objects.create(
        contract=contract, held_on=data.held_on, place=data.place, topics=data.topics, recorded_by=by
    )
    record_event(contract, by, EventKind.SESSION, f"{cn_date(data.held_on)}集体协商：{data.topics}")
    return session
