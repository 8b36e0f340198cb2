"""Setting the yearly targets: the table as entered, and a total split among the committees."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from xinfang.lib.apportionment import apportion
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.orgs.models import Employer, Org

from .completion import committees_of, figure_by_key
from .inputs import TargetCellIn, TargetSplitIn, TargetTableIn
from .models import MAX_TARGET, Target

BASES = {"equal": "平均分配", "employers": "按各工委会在册用人单位数"}


def _may_set(by) -> Org:
    if not by.can("targets.set") or by.org is None:
        raise NotAllowed(f"您的角色（{by.get_role_display()}）不能下达年度任务数。")
    return by.org


def _check_year(errors: FieldErrors, year: int) -> None:
    this_year = timezone.localdate().year
    if not (1990 <= year <= this_year + 1):
        errors.add("year", f"年度应在1990年至{this_year + 1}年之间。")


@transaction.atomic
def set_targets(*, by, data: TargetTableIn) -> int:
    """The table as entered: for each committee below the user's organisation and each indicator, the target (or
    none). Returns how many cells changed. Nothing is saved when any cell is refused."""
    org = _may_set(by)
    errors = FieldErrors()
    _check_year(errors, data.year)
    units = {u.pk: u for u in committees_of(org)}
    known = figure_by_key()
    for i, cell in enumerate(data.cells):
        unit = units.get(cell.org_id)
        if unit is None:
            errors.add("cells", f"第{i + 1}项：只能给本单位下属的工委会下达任务数。")
            continue
        if cell.figure not in known:
            errors.add("cells", f"{unit.name}：未知的指标“{cell.figure}”。")
        if cell.value is not None and not (0 <= cell.value <= MAX_TARGET):
            errors.add("cells", f"{unit.name}的{known[cell.figure].title if cell.figure in known else '任务数'}"
                       f"应为0至{MAX_TARGET}之间的整数。")  # fmt: skip
    errors.raise_if_any()
    changed = 0
    current = {
        (t.org_id, t.figure): t
        for t in Target.objects.select_for_update().filter(year=data.year, org__in=list(units))
    }
    for cell in data.cells:
        existing = current.get((cell.org_id, cell.figure))
        if cell.value is None:
            if existing is not None:
                existing.delete()
                changed += 1
        elif existing is None:
            Target.objects.create(
                year=data.year, org_id=cell.org_id, figure=cell.figure, value=cell.value, set_by=by
            )
            changed += 1
        elif existing.value != cell.value:
            Target.objects.filter(pk=existing.pk).update(value=cell.value, set_by=by, set_at=timezone.now())
            changed += 1
    return changed


def split(total: int, weights: list[tuple[Org, int]]) -> dict[int, int]:
    """``total`` shared among the organisations in proportion to their weights (largest remainder; equal
    remainders: the larger weight first, then the order given); an organisation of weight 0 gets 0."""
    weighted = [(org, weight) for org, weight in weights if weight > 0]
    shares = {org.pk: 0 for org, _ in weights}
    if total == 0 or not weighted:
        return shares
    for org, allotment in zip(
        [org for org, _ in weighted], apportion(total, [(str(o.pk), w) for o, w in weighted]), strict=True
    ):
        shares[org.pk] = allotment.seats
    return shares


@transaction.atomic
def split_target(*, by, data: TargetSplitIn) -> dict[int, int]:
    """Split a total among the committees below the user's organisation and set each one's target."""
    org = _may_set(by)
    errors = FieldErrors()
    _check_year(errors, data.year)
    if data.figure not in figure_by_key():
        errors.add("figure", f"未知的指标“{data.figure}”。")
    if data.basis not in BASES:
        errors.add("basis", "请选择分解依据。")
    if data.total < 0:
        errors.add("total", "总任务数不能为负数。")
    units = committees_of(org)
    if not units:
        errors.add("total", "本单位下没有工委会，无从分解。")
    errors.raise_if_any()
    if data.basis == "employers":
        counts = dict(
            Employer.objects.active()
            .filter(org__in=units)
            .values_list("org")
            .annotate(n=Count("pk"))
            .values_list("org", "n")
        )
        weights = [(u, counts.get(u.pk, 0)) for u in units]
        if data.total and not any(w for _, w in weights):
            raise field_error("basis", "各工委会都没有在册用人单位，请改为平均分配。")
    else:
        weights = [(u, 1) for u in units]
    shares = split(data.total, weights)
    set_targets(
        by=by,
        data=TargetTableIn(
            year=data.year,
            cells=[TargetCellIn(org_id=pk, figure=data.figure, value=value) for pk, value in shares.items()],
        ),
    )
    return shares
