"""The congress ledger, declared to the kit (docs/architecture.md, "Add a simple ledger"): its pages, export,
import, API, menu entry, demo part, ability (``congresses.record``), input, form and create, update and check
actions (with its own rules, ``rules.py``) come from this declaration, and its figures are registered with it."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from xinfang.accounts.navigation import UNION_WORK
from xinfang.figures.registry import Figure, in_period
from xinfang.ledgerkit.columns import model_columns
from xinfang.ledgerkit.declaration import Ledger, register_ledger
from xinfang.ledgerkit.filters import ledger_filters

from . import demo
from .models import Congress, Level
from .rules import check_congress

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

# Stable keys for statistics and targets (``congresses.held`` …), counted by ``held_on`` within the scope rule;
# the list sums the same over its filtered records.
held = in_period(Congress, "held_on")
FIGURES = (
    Figure("congresses", "held", "召开职代会", "次", held, Count("pk")),
    *(
        Figure("congresses", f"held_{v}", f"召开{label}", "次", held, Count("pk", filter=Q(level=v)))
        for v, label in Level.choices
    ),
    Figure("congresses", "representatives", "代表", "人", held, Sum("representatives")),
)

LEDGER = Ledger(
    key="congresses",
    title="职代会台账",
    noun="职代会",
    model=Congress,
    date_field="held_on",
    columns=COLUMNS,
    filterset=ledger_filters(Congress, "held_on", search=("union_name",), choices=("level",)),
    check=check_congress,
    summary=lambda f: f"{f['union_name']}第{f['term']}届职代会（{f['held_on']:%Y-%m-%d}）",
    ahead=("term_end",),
    menu_order=52,
    menu_group=UNION_WORK,
    list_columns=(
        *("union_name", "held_on", "level", "term"),
        *("representatives", "present", "employer_count", "org"),
    ),
    prefetch=("employers",),
    totals=FIGURES,
    demo=demo.build,
    order=20,
)

register_ledger(LEDGER)
