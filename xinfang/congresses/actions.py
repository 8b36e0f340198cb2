"""Entering and correcting a congress; the page, the API and the import call these."""

from __future__ import annotations

from django.db import transaction

from xinfang.ledgerkit.saving import (
    create_record,
    employers_named,
    owning_org,
    require,
    require_owner,
    update_record,
)
from xinfang.lib.fielderrors import FieldErrors
from xinfang.orgs.models import Employer

from .inputs import CongressIn
from .models import Congress, Level

ABILITY = "congresses.record"
LIMITED = ("held_on", "union_name", "term", "term_start", "term_end", "representatives", "present", "agenda")


def _checked(by, data: CongressIn, congress: Congress | None = None) -> tuple[dict, list[Employer]]:
    errors = FieldErrors()
    errors.check_limits(Congress, data, fields=LIMITED, ahead=("term_end",))
    if data.level not in Level.values:
        errors.add("level", "请选择职代会类型。")
    if not data.union_name:
        errors.add("union_name", "请填写召开工会。")
    if data.present > data.representatives:
        errors.add("present", "实到代表不能多于代表总数。")
    if data.term_end < data.term_start:
        errors.add("term_end", "本届届满日期不能早于起始日期。")
    elif not data.term_start <= data.held_on <= data.term_end:
        errors.add("held_on", "召开日期应在本届任期内。")
    employers = employers_named(data.employers, errors)
    if data.employer_count < len(employers):
        errors.add("employer_count", "覆盖企业数不能少于所列用人单位数。")
    same = Congress.objects.filter(union_name=data.union_name, held_on=data.held_on)
    if congress is not None:
        same = same.exclude(pk=congress.pk)
    if same.exists():
        errors.add("held_on", "该工会在该日期召开的职代会已登记。")
    org = owning_org(by, data.org_id, errors)
    errors.raise_if_any()
    fields = data.dict(exclude={"employers", "org_id", "version"}) | {"org": org}
    return fields, employers


def check_congress(*, by, data: CongressIn) -> None:
    """The checks of ``create_congress`` alone (an import's check): refuses as it would, saves nothing."""
    require(by, ABILITY, "登记职代会")
    _checked(by, data)


@transaction.atomic
def create_congress(*, by, data: CongressIn, imported: bool = False) -> Congress:
    require(by, ABILITY, "登记职代会")
    fields, employers = _checked(by, data)
    summary = f"{fields['union_name']}第{data.term}届职代会（{data.held_on:%Y-%m-%d}）"
    return create_record(
        Congress, by=by, fields=fields, related={"employers": employers}, summary=summary, imported=imported
    )


@transaction.atomic
def update_congress(*, congress: Congress, by, data: CongressIn) -> Congress:
    require_owner(congress, by, ABILITY, "修改职代会")
    fields, employers = _checked(by, data, congress)
    return update_record(
        congress,
        by=by,
        expected_version=data.version,
        fields=fields,
        related={"employers": employers},
        noun="职代会",
    )
