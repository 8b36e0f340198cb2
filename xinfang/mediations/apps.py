from django.apps import AppConfig


class MediationsConfig(AppConfig):
    name = "xinfang.mediations"
    verbose_name = "劳动争议调解"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
