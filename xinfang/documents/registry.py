"""Every kind of document the system writes: its title and its default template's blocks. Apps define their
templates beside their data; this gathers them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .layout import Block, ListTable, Loop, Table


@dataclass(frozen=True)
class TemplateSpec:
    """A kind of document: its title, its default template's blocks and the fields a template of it may use (the
    context is cut down to them before rendering; an uploaded template using anything else is refused)."""

    title: str
    blocks: tuple[Block | Loop | Table | ListTable, ...]
    fields: frozenset[str] = frozenset()


@cache
def templates() -> dict[str, TemplateSpec]:
    from xinfang.mediations.letters import TEMPLATES as mediation_templates
    from xinfang.petitions.letters import TEMPLATES as petition_templates

    return {**petition_templates, **mediation_templates}
