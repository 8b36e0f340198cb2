"""What the petitions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from datetime import datetime

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.clocks.jobs import Job, register_job
from xinfang.clocks.registry import register_clocks
from xinfang.documents.registry import register_templates
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.inbox.queues import register_queue
from xinfang.ops.demo import DemoPart, register_demo_part
from xinfang.orgs.sections import EmployerSection, register_employer_section
from xinfang.people.scope import PersonScopePart, register_person_scope
from xinfang.people.sections import PersonSection, register_person_section

from . import abilities, figures, importing, letters, queues, sections
from .actions.clocks import CLOCKS
from .actions.reviews import terminate_lapsed_reviews
from .demo import build as demo

register_abilities(*abilities.ABILITIES)
register_person_section(
    PersonSection(
        title="信访记录",
        order=10,
        template="petitions/_person_section.html",
        context=sections.person_petitions,
    )
)
register_person_scope(PersonScopePart(hides=sections.came_confidentially, shows=sections.party_as_typed))
register_employer_section(
    EmployerSection(
        title="被反映的信访件",
        order=10,
        template="petitions/_employer_section.html",
        context=sections.employer_petitions,
    )
)
register_templates(letters.TEMPLATES)
register_menu_entry(
    MenuEntry("信访件", "petitions:list", 20),
    MenuEntry(
        "登记信访",
        "petitions:create",
        30,
        shown_to=lambda user: user.can("petitions.register"),
        accesskey="n",
        on_home=True,
    ),
)
register_queue(*queues.HOME_QUEUES)
register_figure(*figures.FIGURES)


def _lapsed_reviews(now: datetime) -> str:
    return f"终结 {terminate_lapsed_reviews(now)} 件"


register_clocks(CLOCKS)  # with its tick job, petitions.clock_warnings (order 10)
# Before the clock warnings: a case whose review window lapsed is terminated first, so that its other clocks (the
# rating window) stop with it and are never noted overdue.
register_job(Job(name="petitions.lapsed_reviews", order=8, run=_lapsed_reviews))
register_demo_part(DemoPart(name="petitions", order=10, build=demo.build_demo))
register_import_kind(importing.KIND)
