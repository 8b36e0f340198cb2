from django.apps import AppConfig


class HomesConfig(AppConfig):
    name = "xinfang.homes"
    verbose_name = "职工之家建设"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
