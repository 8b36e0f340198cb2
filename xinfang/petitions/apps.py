from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
