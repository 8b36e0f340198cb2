"""What the unions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported once,
by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import UNION_WORK, MenuEntry, register_menu_entry
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.ops.demo import DemoPart, register_demo_part
from xinfang.orgs.sections import EmployerSection, register_employer_section

from . import abilities, demo, figures, imports
from .models import Coverage, GrassrootsUnion

register_abilities(*abilities.ABILITIES)
register_menu_entry(
    MenuEntry("工会组建", "unions:list", 51, group=UNION_WORK),
    MenuEntry("会员发展", "unions:batches", 53, group=UNION_WORK),
)
register_figure(*figures.FIGURES)
register_import_kind(imports.UNIONS)
register_import_kind(imports.BATCHES)
register_demo_part(DemoPart(name="unions", order=40, build=demo.build_demo))


def _employer_section(employer, user, query) -> dict:
    """Which union covers this employer now, and the history of its coverage (the unions the user sees)."""
    visible = GrassrootsUnion.objects.visible_to(user).values("pk")
    history = list(
        Coverage.objects.filter(employer=employer, union__in=visible)
        .select_related("union")
        .order_by("-start_on", "-pk")[:50]
    )
    current = next((c for c in history if c.end_on is None), None)
    return {"current": current, "history": history}


register_employer_section(
    EmployerSection(
        title="工会组建", order=40, template="unions/employer_section.html", context=_employer_section
    )
)
