"""What the mediations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.documents.registry import register_templates
from xinfang.figures.registry import register_figure
from xinfang.inbox.queues import register_queue
from xinfang.orgs.sections import EmployerSection, register_employer_section
from xinfang.people.scope import PersonScopePart, register_person_scope
from xinfang.people.sections import PersonSection, register_person_section

from . import figures, letters, queues, sections

register_person_section(
    PersonSection(
        title="劳动争议调解",
        order=20,
        template="mediations/_person_section.html",
        context=sections.person_mediations,
    )
)
register_person_scope(PersonScopePart(opens=sections.worker_in_visible_case))
register_employer_section(
    EmployerSection(
        title="劳动争议调解案件",
        order=20,
        template="mediations/_employer_section.html",
        context=sections.employer_mediations,
    )
)
register_templates(letters.TEMPLATES)
register_menu_entry(MenuEntry("劳动争议调解", "mediations:list", 40))
register_queue(*queues.HOME_QUEUES)
register_figure(*figures.FIGURES)
