"""What the petitions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.people.scope import PersonScopePart, register_person_scope

from . import sections

register_person_scope(PersonScopePart(hides=sections.came_confidentially, shows=sections.party_as_typed))
