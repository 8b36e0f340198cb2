"""What the consultations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.models import User
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.lib.cnformat import cn_date
from xinfang.lib.related import RelatedRecords, register_related
from xinfang.mediations.models import Mediation
from xinfang.ops.demo import DemoPart, register_demo_part
from xinfang.petitions.models import Petition

from . import abilities, demo, figures, importing
from .models import Consultation

register_abilities(*abilities.ABILITIES)
register_menu_entry(MenuEntry("法律咨询", "consultations:list", 50))
register_figure(*figures.FIGURES)


def _came_from(consultations) -> list[tuple[str, str]]:
    """On the page of the record a consultation was turned into: 由法律政策咨询转来, with a link back, to whoever
    may see the consultation (its own scope rule)."""
    c = consultations.only("pk", "asked_at", "topic").first()
    if c is None:
        return []
    label = f"由法律政策咨询转来（{cn_date(timezone.localdate(c.asked_at))}，{c.get_topic_display()}）"
    return [(label, reverse("consultations:detail", args=[c.pk]))]


def _petition_source(petition: Petition, user: User) -> list[tuple[str, str]]:
    return _came_from(Consultation.objects.visible_to(user).filter(petition=petition))


def _mediation_source(mediation: Mediation, user: User) -> list[tuple[str, str]]:
    return _came_from(Consultation.objects.visible_to(user).filter(mediation=mediation))


register_demo_part(DemoPart(name="consultations", order=30, build=demo.build_demo))
register_related(
    RelatedRecords(model=Petition, name="consultations", order=20, find=_petition_source),
    RelatedRecords(model=Mediation, name="consultations", order=20, find=_mediation_source),
)
register_import_kind(importing.KIND)
