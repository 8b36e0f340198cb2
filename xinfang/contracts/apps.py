from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "xinfang.contracts"
    verbose_name = "集体合同"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
