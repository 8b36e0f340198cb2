"""What the petitions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.documents.registry import register_templates

from . import letters

register_templates(letters.TEMPLATES)
