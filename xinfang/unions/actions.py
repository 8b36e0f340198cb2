"""The unions ledger's actions: one per step, keyword-only, typed input, in one transaction each (docs/architecture.md,
"Actions"). Pages, the API and the imports call these."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Org, OrgKind

from .inputs import CoverageEndIn, CoverageIn, HeadcountIn, MemberBatchIn, UnionEditIn, UnionEndIn, UnionIn
from .models import (
    BatchKind,
    Coverage,
    EventKind,
    GrassrootsUnion,
    MemberBatch,
    Origin,
    UnionKind,
    UnionStatus,
)
from .workflow import FLOW

EARLIEST_FOUNDING = date(
    1925, 5, 1
)  # 中华全国总工会 was founded on 1 May 1925: no union of the district is older
UNION_TEXTS = ("name", "approval_ref", "chair", "transferred_from")
OWNER_KINDS = (OrgKind.FEDERATION, OrgKind.COMMITTEE)


def _may_record(by: User) -> None:
    if not by.can("unions.record") or by.org is None:
        raise NotAllowed(f"您的角色（{by.get_role_display()}）不能登记基层工会。")


def _founding_date(errors: FieldErrors, name: str, value: date | None, label: str) -> None:
    if value is None:
        errors.add(name, f"请填写{label}。")
    elif value < EARLIEST_FOUNDING:
        errors.add(name, f"{label}不能早于1925年5月1日。")
    elif value > timezone.localdate():
        errors.add(name, f"{label}不能晚于今天。")


def _check_union(errors: FieldErrors, data: UnionIn | UnionEditIn, by: User) -> Org | None:
    """The checks a union's own fields need beyond their limits; the approving body (第十二条) it names."""
    errors.check_limits(GrassrootsUnion, data, fields=[f for f in UNION_TEXTS if hasattr(data, f)])
    if not data.name:
        errors.add("name", "请填写工会名称。")
    if data.kind not in UnionKind.values:
        errors.add("kind", "请选择工会类型。")
    _founding_date(errors, "founded_on", data.founded_on, "建会日期")
    if data.approved_on is not None:
        errors.check_date("approved_on", data.approved_on, label="批准日期")
        if data.founded_on and data.approved_on > data.founded_on + timedelta(days=366):
            errors.add("approved_on", "批准日期不应晚于建会日期一年以上，请核对。")
    approver = None
    if data.approved_by_id:
        approver = Org.objects.filter(pk=data.approved_by_id, kind__in=(*OWNER_KINDS, OrgKind.UPPER)).first()
        if approver is None:
            errors.add("approved_by", "批准机关应为上一级工会（区总工会、工委会或上级工会）。")
    if (data.approval_ref or data.approved_on) and not data.approved_by_id:
        errors.add("approved_by", "填写批复文号或批准日期时请同时选择批准机关。")
    return approver


def _name_taken(errors: FieldErrors, name: str, *, but: int | None = None) -> None:
    if name and GrassrootsUnion.objects.filter(name=name).exclude(pk=but).exists():
        errors.add("name", f"已有名为“{name}”的基层工会。")


@transaction.atomic
def register_union(*, by: User, data: UnionIn) -> GrassrootsUnion:
    """A grassroots union founded (新建): counted among the unions founded, by its founding date."""
    return _create(by=by, data=data, origin=Origin.FOUNDED)


@transaction.atomic
def record_transfer_in(*, by: User, data: UnionIn) -> GrassrootsUnion:
    """A union whose organisational relations were handed over from elsewhere (改制企业工会组织关系转入): its own
    kind of event, counted apart from unions founded, by the date it was transferred in."""
    return _create(by=by, data=data, origin=Origin.TRANSFERRED_IN)


def _create(*, by: User, data: UnionIn, origin: str) -> GrassrootsUnion:
    _may_record(by)
    errors = FieldErrors()
    approver = _check_union(errors, data, by)
    errors.check_limits(GrassrootsUnion, data, fields=("workers", "members"))
    _check_counts(errors, data.workers, data.members, data.counted_on)
    if origin == Origin.TRANSFERRED_IN:
        if data.transferred_on is None:
            errors.add("transferred_on", "组织关系转入的工会请填写转入日期。")
        else:
            errors.check_date("transferred_on", data.transferred_on, label="转入日期")
            if data.founded_on and data.transferred_on < data.founded_on:
                errors.add("transferred_on", "转入日期不能早于建会日期。")
        if not data.transferred_from:
            errors.add("transferred_from", "请填写转出单位（原隶属的工会或单位）。")
    elif data.transferred_on or data.transferred_from:
        errors.add("transferred_on", "新建的工会不填转入日期和转出单位；组织关系转入请按“转入”登记。")
    org: Org | None = by.org
    if data.org_id and data.org_id != by.org_id:
        org = Org.objects.visible_to(by).filter(pk=data.org_id, kind__in=OWNER_KINDS).first()
        if org is None:
            errors.add("org", "所属工委会应为您管辖范围内的工委会或区总工会。")
    elif org is not None and org.kind not in OWNER_KINDS:
        errors.add("org", "基层工会应归属工委会或区总工会；请选择所属工委会。")
    _name_taken(errors, data.name)
    errors.raise_if_any()
    assert org is not None
    union = GrassrootsUnion(
        org=org,
        name=data.name,
        kind=data.kind,
        origin=origin,
        founded_on=data.founded_on,
        approved_by=approver,
        approval_ref=data.approval_ref,
        approved_on=data.approved_on,
        transferred_on=data.transferred_on if origin == Origin.TRANSFERRED_IN else None,
        transferred_from=data.transferred_from if origin == Origin.TRANSFERRED_IN else "",
        chair=data.chair,
        workers=data.workers,
        members=data.members,
        counted_on=data.counted_on or (timezone.localdate() if data.workers or data.members else None),
        registered_by=by,
    )
    try:
        with transaction.atomic():
            union.save()
    except IntegrityError:
        raise field_error("name", f"已有名为“{data.name}”的基层工会。") from None
    if origin == Origin.FOUNDED:
        record_event(union, by, EventKind.FOUNDED, f"登记建会（{cn_date(union.founded_on)}）")
    else:
        record_event(
            union,
            by,
            EventKind.TRANSFERRED_IN,
            f"组织关系由{union.transferred_from}转入（{cn_date(data.transferred_on) if data.transferred_on else ''}）",
        )
    return union


def _check_counts(
    errors: FieldErrors, workers: int | None, members: int | None, counted_on: date | None
) -> None:
    if workers is None or workers < 0:
        errors.add("workers", "职工人数不能为负数。")
    if members is None or members < 0:
        errors.add("members", "会员人数不能为负数。")
    if workers and members and members > workers:
        errors.add("members", f"会员人数（{members}人）不能多于职工人数（{workers}人）。")
    if counted_on is not None:
        errors.check_date("counted_on", counted_on, label="人数统计日期")


def _founding_fits(errors: FieldErrors, union: GrassrootsUnion, founded_on: date) -> None:
    """A founding date moved later must stay before what the union already did: its transfer in, its coverages
    and its member batches (each was checked against the founding date when it was recorded)."""
    if union.transferred_on and founded_on > union.transferred_on:
        errors.add("founded_on", f"建会日期不能晚于转入日期（{cn_date(union.transferred_on)}）。")
        return
    earliest = [
        (day, what)
        for day, what in (
            (union.coverages.order_by("start_on").values_list("start_on", flat=True).first(), "覆盖起始日期"),
            (union.batches.order_by("on").values_list("on", flat=True).first(), "会员发展或转出的日期"),
        )
        if day is not None and founded_on > day
    ]
    if earliest:
        day, what = min(earliest)
        errors.add("founded_on", f"建会日期不能晚于该工会最早的{what}（{cn_date(day)}）。")


@transaction.atomic
def edit_union(*, union: GrassrootsUnion, by: User, data: UnionEditIn) -> GrassrootsUnion:
    step = FLOW.check(union, "edit", by)
    errors = FieldErrors()
    approver = _check_union(errors, data, by)
    _name_taken(errors, data.name, but=union.pk)
    if data.founded_on and "founded_on" not in errors.by_field:
        _founding_fits(errors, union, data.founded_on)
    errors.raise_if_any()
    fields: dict[str, Any] = {
        "name": data.name,
        "kind": data.kind,
        "founded_on": data.founded_on,
        "approved_by": approver,
        "approval_ref": data.approval_ref,
        "approved_on": data.approved_on,
        "chair": data.chair,
    }
    changes = {
        k: [str(getattr(union, k) or ""), str(v or "")] for k, v in fields.items() if getattr(union, k) != v
    }
    FLOW.take(union, step=step, expected_version=data.version, **fields)
    record_event(union, by, EventKind.EDITED, "修改基层工会信息", **changes)
    union.refresh_from_db()
    return union


@transaction.atomic
def record_headcount(*, union: GrassrootsUnion, by: User, data: HeadcountIn) -> GrassrootsUnion:
    """The union's workers and members at a date (the latest count is kept on the union, each in its history)."""
    step = FLOW.check(union, "count", by)
    errors = FieldErrors()
    errors.check_limits(GrassrootsUnion, data, fields=("workers", "members"))
    _check_counts(errors, data.workers, data.members, data.counted_on)
    if union.counted_on and data.counted_on and data.counted_on < union.counted_on:
        errors.add("counted_on", f"已有{cn_date(union.counted_on)}的人数，不能录入更早的统计。")
    errors.raise_if_any()
    FLOW.take(
        union,
        step=step,
        expected_version=data.version,
        workers=data.workers,
        members=data.members,
        counted_on=data.counted_on,
    )
    record_event(
        union,
        by,
        EventKind.COUNTED,
        f"{cn_date(data.counted_on)}职工{data.workers}人，会员{data.members}人",
        workers=[union.workers, data.workers],
        members=[union.members, data.members],
    )
    union.refresh_from_db()
    return union


def coverage_clash(employer: Employer, start_on: date, end_on: date | None, *, but: int | None = None):
    """The coverage of this employer that overlaps [start_on, end_on] (None: open), if any."""
    overlapping = Q(end_on__isnull=True) | Q(end_on__gte=start_on)
    if end_on is not None:
        overlapping &= Q(start_on__lte=end_on)
    clashes = Coverage.objects.filter(employer=employer).filter(overlapping)
    if but is not None:
        clashes = clashes.exclude(pk=but)
    return clashes.select_related("union").order_by("start_on").first()


def clash_message(employer: Employer, clash: Coverage) -> str:
    until = f"至{cn_date(clash.end_on)}" if clash.end_on else "至今"
    return (
        f"用人单位“{employer.name}”自{cn_date(clash.start_on)}{until}已由“{clash.union.name}”覆盖，"
        "同一时间只能由一个基层工会覆盖；请先终止原有覆盖，或改填起始日期。"
    )


@transaction.atomic
def cover_employer(*, union: GrassrootsUnion, by: User, data: CoverageIn) -> Coverage:
    """The union covers an employer from ``start_on``. Refused when another coverage of the employer overlaps:
    an employer is covered by at most one grassroots union at a time (checked here under the employer's row
    lock, and held by the database's one open coverage per employer)."""
    step = FLOW.check(union, "cover", by)
    errors = FieldErrors()
    errors.check_limits(Coverage, data, fields=("workers", "members"))
    errors.check_date("start_on", data.start_on, label="覆盖起始日期")
    if data.start_on and data.start_on < union.founded_on:
        errors.add("start_on", f"覆盖起始日期不能早于该工会的建会日期（{cn_date(union.founded_on)}）。")
    if data.workers is not None and data.members is not None and data.members > data.workers:
        errors.add("members", f"本单位会员人数（{data.members}人）不能多于职工人数（{data.workers}人）。")
    if data.counted_on is not None:
        errors.check_date("counted_on", data.counted_on, label="人数统计日期")
    employer = Employer.objects.for_record(data.employer_id) if data.employer_id else None
    if employer is None or not Employer.objects.visible_to(by).filter(pk=employer.pk).exists():
        errors.add("employer", "请选择已登记的用人单位。")
    errors.raise_if_any()
    assert employer is not None
    if union.kind == UnionKind.SINGLE:
        other = union.coverages.filter(end_on__isnull=True).exclude(employer=employer).first()
        if other is not None:
            raise field_error(
                "employer", "单独基层工会只覆盖一个用人单位；覆盖多个小微企业的请登记为联合基层工会。"
            )
    clash = coverage_clash(employer, data.start_on, None)
    if clash is not None:
        raise field_error("employer", clash_message(employer, clash))
    coverage = Coverage(
        union=union,
        employer=employer,
        start_on=data.start_on,
        workers=data.workers,
        members=data.members,
        counted_on=data.counted_on or (data.start_on if data.members is not None else None),
        registered_by=by,
    )
    try:
        with transaction.atomic():
            coverage.save()
    except IntegrityError:
        clash = coverage_clash(employer, data.start_on, None)
        raise field_error(
            "employer", clash_message(employer, clash) if clash else "该用人单位已由另一个基层工会覆盖。"
        ) from None
    if not employer.has_union:
        Employer.objects.filter(pk=employer.pk).update(has_union=True)
    FLOW.take(union, step=step, expected_version=union.version)
    record_event(
        union,
        by,
        EventKind.COVERED,
        f"覆盖{employer.name}（自{cn_date(data.start_on)}）",
        employer=employer.pk,
    )
    return coverage


@transaction.atomic
def end_coverage(*, coverage: Coverage, by: User, data: CoverageEndIn) -> Coverage:
    union = coverage.union
    step = FLOW.check(union, "uncover", by)
    errors = FieldErrors()
    errors.check_date("end_on", data.end_on, label="覆盖终止日期")
    if data.end_on and data.end_on < coverage.start_on:
        errors.add("end_on", f"覆盖终止日期不能早于起始日期（{cn_date(coverage.start_on)}）。")
    errors.raise_if_any()
    if not Coverage.objects.filter(pk=coverage.pk, end_on__isnull=True).update(end_on=data.end_on):
        raise field_error("end_on", "该覆盖已终止。")
    FLOW.take(union, step=step, expected_version=union.version)
    record_event(
        union, by, EventKind.UNCOVERED, f"终止覆盖{coverage.employer.name}（{cn_date(data.end_on)}）",
        employer=coverage.employer_id,
    )  # fmt: skip
    coverage.refresh_from_db()
    return coverage


@transaction.atomic
def record_batch(*, by: User, data: MemberBatchIn) -> MemberBatch:
    """Members enrolled in a union (发展会员) or transferred out of it (会员转出) on one day, as one count."""
    _may_record(by)
    union = GrassrootsUnion.objects.visible_to(by).filter(pk=data.union_id).first()
    if union is None:
        raise field_error("union", "请选择您管辖范围内的基层工会。")
    FLOW.check(union, "batch", by)
    errors = FieldErrors()
    errors.check_limits(MemberBatch, data, fields=("count", "migrant_workers", "women", "destination"))
    if data.kind not in BatchKind.values:
        errors.add("kind", "请选择类别（发展会员或会员转出）。")
    errors.check_date("on", data.on, label="日期")
    if data.on and data.on < union.founded_on:
        errors.add("on", f"日期不能早于该工会的建会日期（{cn_date(union.founded_on)}）。")
    if data.count is None or data.count < 1:
        errors.add("count", "人数至少为1。")
    else:
        if data.migrant_workers > data.count:
            errors.add(
                "migrant_workers",
                f"其中农民工人数（{data.migrant_workers}人）不能多于人数（{data.count}人）。",
            )
        if data.women > data.count:
            errors.add("women", f"其中女职工人数（{data.women}人）不能多于人数（{data.count}人）。")
    if data.kind == BatchKind.ENROLMENT and data.destination:
        errors.add("destination", "发展会员不填转往单位。")
    if MemberBatch.objects.filter(union=union, kind=data.kind, on=data.on).exists():
        errors.add("on", f"该工会{cn_date(data.on)}已登记过同类批次，请修改人数而非重复登记。")
    errors.raise_if_any()
    batch = MemberBatch(
        union=union,
        org=union.org,
        kind=data.kind,
        on=data.on,
        count=data.count,
        migrant_workers=data.migrant_workers,
        women=data.women,
        destination=data.destination,
        registered_by=by,
    )
    batch.save()
    kind = EventKind.ENROLLED if data.kind == BatchKind.ENROLMENT else EventKind.TRANSFERRED_OUT
    label = "发展会员" if data.kind == BatchKind.ENROLMENT else "会员转出"
    record_event(union, by, kind, f"{cn_date(data.on)}{label}{data.count}人", batch=batch.pk)
    return batch


@transaction.atomic
def end_union(*, union: GrassrootsUnion, by: User, data: UnionEndIn) -> GrassrootsUnion:
    """Merge a union into another (``merged_into_id``) or dissolve it, on ``ended_on``. Its open coverages end on
    that day; on a merge, the union it joins covers them from the next day."""
    merging = data.merged_into_id is not None
    step = FLOW.check(union, "merge" if merging else "dissolve", by)
    errors = FieldErrors()
    errors.check_date("ended_on", data.ended_on, label="合并/撤销日期")
    if data.ended_on and data.ended_on < union.founded_on:
        errors.add("ended_on", "合并/撤销日期不能早于建会日期。")
    target = None
    if merging:
        target = GrassrootsUnion.objects.visible_to(by).filter(pk=data.merged_into_id).first()
        if target is None or target.pk == union.pk or target.status != UnionStatus.ACTIVE:
            errors.add("merged_into", "请选择您管辖范围内另一个正常状态的基层工会。")
    errors.raise_if_any()
    open_coverages = list(union.coverages.filter(end_on__isnull=True).select_related("employer"))
    FLOW.take(union, step=step, expected_version=data.version, ended_on=data.ended_on, merged_into=target)
    Coverage.objects.filter(pk__in=[c.pk for c in open_coverages]).update(end_on=data.ended_on)
    if target is not None:
        Coverage.objects.bulk_create(
            Coverage(
                union=target,
                employer=c.employer,
                start_on=data.ended_on + timedelta(days=1),
                workers=c.workers,
                members=c.members,
                counted_on=c.counted_on,
                registered_by=by,
            )
            for c in open_coverages
        )
        record_event(
            union, by, EventKind.MERGED, f"并入{target.name}（{cn_date(data.ended_on)}）", into=target.pk
        )
        record_event(target, by, EventKind.COVERED, f"{union.name}并入，接续覆盖{len(open_coverages)}家单位")
    else:
        record_event(union, by, EventKind.DISSOLVED, f"撤销（{cn_date(data.ended_on)}）")
    union.refresh_from_db()
    return union
