"""What the consultations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.ops.demo import DemoPart, register_demo_part

from . import demo

register_demo_part(DemoPart(name="consultations", order=30, build=demo.build_demo))
