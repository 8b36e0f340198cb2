from django.apps import AppConfig


class DelegatesConfig(AppConfig):
    name = "xinfang.delegates"
    verbose_name = "代表名额分配"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
