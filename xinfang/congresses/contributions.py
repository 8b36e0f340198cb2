"""The congress ledger, declared to the kit (docs/architecture.md, "Add a simple ledger"): its pages, export,
import, API, menu entry and demo part come from this declaration."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import Column
from xinfang.imports.registry import ColumnType as T
from xinfang.ledgerkit.declaration import Ledger, register_ledger

from . import abilities, actions, demo, figures
from .forms import CongressFilters, CongressForm, split_names
from .inputs import CongressIn
from .models import Congress, Level

COLUMNS = (
    Column("召开工会", "union_name", required=True, example="东湖餐饮行业工会联合会", width=26),
    Column("召开日期", "held_on", T.DATE, required=True, example="2026-03-18", width=12),
    Column("类型", "level", T.CHOICE, required=True, choices=Level.choices, example="行业性职代会"),
    Column("届次", "term", T.INTEGER, required=True, example="2", width=6),
    Column("本届起始", "term_start", T.DATE, required=True, example="2025-01-01", width=12),
    Column("本届届满", "term_end", T.DATE, required=True, example="2027-12-31", width=12),
    Column("代表总数", "representatives", T.INTEGER, required=True, example="205", width=8),
    Column("实到代表", "present", T.INTEGER, required=True, help="不多于代表总数", example="198", width=8),
    Column(
        "覆盖企业数", "employer_count", T.INTEGER, help="含未在名录中的企业；空：1", example="36", width=8
    ),
    Column(
        "覆盖用人单位",
        "employers",
        help="名录中的单位名称或信用代码，以“；”分隔",
        width=30,
        read=lambda c: "；".join(e.name for e in c.employers.all()),
    ),
    Column("审议通过事项", "agenda", help="每行一项", example="审议通过工资集体协商方案", width=40),
    Column("组织", "org", T.ORGANISATION, help="空：导入到的组织", width=16),
)


def _initial(congress: Congress) -> dict:
    fields = (
        "union_name",
        "level",
        "held_on",
        "term",
        "term_start",
        "term_end",
        "representatives",
        "present",
    )
    return {n: getattr(congress, n) for n in (*fields, "employer_count", "agenda", "org_id")} | {
        "org": congress.org_id,
        "employers": "\n".join(e.name for e in congress.employers.all()),
    }


LEDGER = Ledger(
    key="congresses",
    title="职代会台账",
    noun="职代会",
    model=Congress,
    date_field="held_on",
    columns=COLUMNS,
    filterset=CongressFilters,
    form=CongressForm,
    input=CongressIn,
    create=actions.create_congress,
    update=actions.update_congress,
    validate=actions.check_congress,
    ability=actions.ABILITY,
    natural_key="召开工会和召开日期",
    key_fields=("union_name", "held_on"),
    menu_order=52,
    list_columns=(
        "union_name",
        "held_on",
        "level",
        "term",
        "representatives",
        "present",
        "employer_count",
        "org",
    ),
    prefetch=("employers",),
    totals=figures.FIGURES,
    initial=_initial,
    import_data=lambda values: {**values, "employers": split_names(values.get("employers"))},
    demo=demo.build,
    order=20,
)

register_abilities(*abilities.ABILITIES)
register_figure(*figures.FIGURES)
register_ledger(LEDGER)
