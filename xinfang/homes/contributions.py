"""What the workers' home ledger contributes to the core's registries (docs/architecture.md, "Registries"), and
its declaration to the ledger kit ("Add a simple ledger"): the list, create and edit pages, the export and the
import, the API, the menu entry and the demo part come from ``LEDGER``; the inspection's page, the re-inspection
and the honours are its own (``views.py``, ``urls.py``). Imported once, by the app's ``AppConfig.ready()``."""

from __future__ import annotations

from xinfang.accounts.navigation import UNION_WORK
from xinfang.clocks.jobs import Job, register_job
from xinfang.imports.registry import Column, register_import_kind
from xinfang.imports.registry import ColumnType as T
from xinfang.ledgerkit.declaration import Ledger, register_ledger
from xinfang.ledgerkit.importing import Importable, importable_kind
from xinfang.orgs.models import OrgKind

from . import abilities, actions, demo, figures, jobs, views
from .forms import InspectionFilters, InspectionForm, honour_filters, split_scores
from .inputs import HonourIn, InspectionIn
from .models import Honour, HonourKind, HonourLevel, Inspection, Result

COLUMNS = (
    Column("受检单位", "unit_name", required=True, example="鸿寅电子有限公司工会", width=28,
           help="受检基层工会或用人单位的名称；与验收日期一起识别同一次验收（再次导入时不重复登记）。"),
    Column("验收日期", "inspected_on", T.DATE, required=True, example="2026-06-10", width=12),
    Column("受检基层工会", "union", T.ORGANISATION, width=26,
           choices=lambda ctx: ctx.org_choices(lambda org: org.kind == OrgKind.GRASSROOTS),
           help="在您管辖范围内的基层工会（名称或组织代码）；与受检用人单位至少填一项。"),
    Column("受检用人单位", "employer", width=30, read=lambda r: r.employer.name if r.employer_id else "",
           help="用人单位名录中的名称或统一社会信用代码；与受检基层工会至少填一项。"),
    Column("验收人员", "inspectors", required=True, example="张明、李华", width=16),
    Column("各项得分", "score_list", required=True, example="38、36、18", width=22,
           help="按验收日期所在年度验收标准的序号顺序填写每一项的得分，以顿号或逗号分隔；每项不超过该项满分。"),
    Column("总分", "total_score", T.DECIMAL, width=8, help="导入时不填：按各项得分计算。"),
    Column("验收结果", "result", T.CHOICE, required=True, choices=Result.choices, example="合格", width=10),
    Column("最终结果", "status", T.CHOICE, choices=Result.choices, width=10,
           help="导入时不填：首次验收的最终结果随复查而定。"),
    Column("复查日期", "reinspect_by", T.DATE, width=12, help="验收结果为“限期整改”时必填，其他情况不填。"),
    Column("备注", "note", width=24),
    Column("验收组织", "org", T.ORGANISATION, width=16, help="登记该验收的组织；不填则为导入时选择的组织。"),
)  # fmt: skip


def _initial(inspection: Inspection) -> dict:
    fields = ("inspected_on", "unit_name", "inspectors", "result", "reinspect_by", "note")
    return {n: getattr(inspection, n) for n in fields} | {
        "union": inspection.union_id,
        "employer": inspection.employer.name if inspection.employer else "",
        "org": inspection.org_id,
        **{f"score_{s.item.number}": s.score for s in inspection.scores.select_related("item")},
    }


def _import_data(values) -> dict:
    """A row's cells as the input: the scores from their one cell; the total and the final result are computed."""
    data = {k: v for k, v in values.items() if k not in ("total_score", "status")}
    return data | {
        "score_list": split_scores(values.get("score_list")),
        "employer": values.get("employer") or "",
    }


LEDGER = Ledger(
    key="homes",
    title="职工之家验收",
    noun="职工之家验收",
    model=Inspection,
    date_field="inspected_on",
    columns=COLUMNS,
    filterset=InspectionFilters,
    form=InspectionForm,
    input=InspectionIn,
    create=actions.create_inspection,
    update=actions.update_inspection,
    validate=actions.check_inspection,
    ability=actions.ABILITY,
    natural_key="受检单位和验收日期：同一单位同一天的验收已在册的，该行不重复登记。只导入首次验收；复查在验收页面登记。",
    key_fields=("unit_name", "inspected_on"),
    menu_order=56,
    menu_group=UNION_WORK,
    list_columns=(
        "unit_name",
        "inspected_on",
        "inspectors",
        "total_score",
        "result",
        "status",
        "reinspect_by",
        "org",
    ),
    list_related=("org",),
    totals=tuple(figures.FIGURES),  # registered with it: homes.inspected, homes.passed …
    abilities=abilities.ABILITIES,
    initial=_initial,
    import_data=_import_data,
    demo=demo.build,
    demo_rows=1700,
    views={"detail": views.inspection_detail, "list": views.inspection_list},
    templates={"list": "homes/list.html"},
    order=40,
)

HONOUR_COLUMNS = (
    Column("获评单位", "unit_name", required=True, example="鸿寅电子有限公司工会", width=28,
           help="获评的基层工会或用人单位名称；职工小家填车间、班组名称。与称号类别、级别、年度一起识别同一项荣誉。"),
    Column("称号类别", "kind", T.CHOICE, required=True, choices=HonourKind.choices, example=HonourKind.HOME.label,
           width=16),
    Column("级别", "level", T.CHOICE, required=True, choices=HonourLevel.choices,
           example=HonourLevel.MUNICIPAL.label, width=10),
    Column("授予机关", "awarded_by", required=True, example="深圳市总工会", width=20),
    Column("年度", "year", T.INTEGER, required=True, example="2025", width=8, help="授予的年度，不晚于今年。"),
    Column("基层工会", "union", T.ORGANISATION, width=26,
           choices=lambda ctx: ctx.org_choices(lambda org: org.kind == OrgKind.GRASSROOTS),
           help="在您管辖范围内的基层工会（名称或组织代码）；与用人单位至少填一项。"),
    Column("用人单位", "employer", width=30, read=lambda h: h.employer.name if h.employer_id else "",
           help="用人单位名录中的名称或统一社会信用代码；与基层工会至少填一项。"),
    Column("登记组织", "org", T.ORGANISATION, width=16, help="登记该荣誉的组织；不填则为导入时选择的组织。"),
)  # fmt: skip


def _honour_records(user, query):
    """The honours list as its filters (年度, 级别, 称号类别) filter it, through the scope rule: the export's rows."""
    return (
        Honour.objects.visible_to(user)
        .matching(user, **honour_filters(query))
        .select_related("union", "employer", "org")
        .order_by("year", "pk")
    )


# Not a kit ledger of its own (no edit page, no history): the kit's import and export, from this declaration.
HONOURS = Importable(
    key="honours",
    noun="职工之家荣誉",
    model=Honour,
    columns=HONOUR_COLUMNS,
    input=HonourIn,
    create=lambda *, by, data, imported: actions.record_honour(by=by, data=data, imported=imported),
    validate=actions.check_honour,
    ability="homes.honour",
    natural_key="获评单位、称号类别、级别和年度：四者相同的为同一项荣誉，已在册的再次导入时不重复登记。",
    key_fields=("unit_name", "kind", "level", "year"),
    import_data=lambda values: {**values, "employer": values.get("employer") or ""},
    records=_honour_records,
    order=91,
)

register_job(Job("homes.reinspections", 60, jobs.note_reinspections_due))  # after the clock tables
register_ledger(LEDGER)
register_import_kind(importable_kind(HONOURS))
