"""The congress ledger, declared to the kit (docs/architecture.md, "Add a simple ledger"): its pages, export,
import, API, menu entry and demo part come from this declaration."""

from __future__ import annotations

from xinfang.accounts.navigation import UNION_WORK
from xinfang.ledgerkit.columns import model_columns
from xinfang.ledgerkit.declaration import Ledger, register_ledger

from . import abilities, actions, demo, figures
from .forms import CongressFilters, CongressForm
from .inputs import CongressIn
from .models import Congress

COLUMNS = model_columns(
    Congress,
    *("union_name", "held_on", "level", "term", "term_start", "term_end", "representatives", "present"),
    *("employer_count", "employers", "agenda", "org"),
    union_name={"example": "东湖餐饮行业工会联合会", "width": 26},
    present={"help": "不多于代表总数"},
    employer_count={"help": "含未在名录中的企业；空：1"},
    employers={"help": "名录中的单位名称或信用代码，以“；”分隔"},
    agenda={"help": "每行一项", "width": 40},
    org={"help": "空：导入到的组织"},
)

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
    menu_group=UNION_WORK,
    list_columns=(
        *("union_name", "held_on", "level", "term"),
        *("representatives", "present", "employer_count", "org"),
    ),
    prefetch=("employers",),
    totals=figures.FIGURES,
    abilities=abilities.ABILITIES,
    demo=demo.build,
    order=20,
)

register_ledger(LEDGER)
