"""What the consultations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.figures.registry import register_figure

from . import figures

register_figure(*figures.FIGURES)
