"""What the mediations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from django.urls import reverse

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.models import User
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.clocks.registry import register_clocks
from xinfang.documents.registry import register_templates
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.inbox.queues import register_queue
from xinfang.lib.related import RelatedRecords, register_related
from xinfang.ops.demo import DemoPart, register_demo_part
from xinfang.orgs.sections import EmployerSection, register_employer_section
from xinfang.people.scope import PersonScopePart, register_person_scope
from xinfang.people.sections import PersonSection, register_person_section
from xinfang.petitions.models import Petition
from xinfang.petitions.models import Status as PetitionStatus
from xinfang.petitions.workflow import is_owner

from . import abilities, clocks, demo, figures, importing, letters, queues, sections
from .models import Mediation

register_abilities(*abilities.ABILITIES)
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
register_import_kind(importing.KIND)


def _petition_links(petition: Petition, user: User) -> list[tuple[str, str]]:
    """On a diverted petition's page: the case it became, within the mediation scope; or, to the owning unit,
    the way to register it."""
    if petition.status != PetitionStatus.DIVERTED:
        return []
    case = Mediation.objects.visible_to(user).filter(petition=petition).only("pk", "number").first()
    if case is not None:
        url = reverse("mediations:detail", args=[case.pk])
        return [(f"已转为劳动争议调解案件 {case.number}（两个台账各计一次）", url)]
    if is_owner(petition, user) and user.can("mediations.register"):
        return [("登记为劳动争议调解案件", f"{reverse('mediations:create')}?petition={petition.pk}")]
    return []


register_clocks(clocks.CLOCKS)  # with its tick job, mediations.lapses (order 30)
register_demo_part(DemoPart(name="mediations", order=20, build=demo.build_demo))
register_related(RelatedRecords(model=Petition, name="mediations", order=10, find=_petition_links))
