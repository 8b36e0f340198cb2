"""Every kind of document the system writes: its title and its default template's blocks. Each ledger defines its
templates beside their data and registers them at start-up (``<ledger>/contributions.py``); the renderer, the
template admin and ``build_document_templates`` read them here (docs/architecture.md, "Registries")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured

from .layout import Block, ListTable, Loop, Table


@dataclass(frozen=True)
class TemplateSpec:
    """A kind of document: its title, its default template's blocks and the fields a template of it may use (the
    context is cut down to them before rendering; an uploaded template using anything else is refused)."""

    title: str
    blocks: tuple[Block | Loop | Table | ListTable, ...]
    fields: frozenset[str] = frozenset()


_TEMPLATES: dict[str, TemplateSpec] = {}


def register_templates(specs: dict[str, TemplateSpec]) -> None:
    """Add a ledger's kinds of document (kind → spec). A kind is one file name and one key of the stored
    documents, so a kind that is already registered is refused and nothing of ``specs`` is added."""
    taken = sorted(_TEMPLATES.keys() & specs.keys())
    if taken:
        raise ImproperlyConfigured(f"Document kinds registered twice: {', '.join(taken)}")
    _TEMPLATES.update(specs)


def templates() -> Mapping[str, TemplateSpec]:
    """Every registered kind of document, in the order of registration (a read-only view)."""
    return MappingProxyType(_TEMPLATES)
