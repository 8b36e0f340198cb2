from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "xinfang.consultations"
    verbose_name = "法律政策咨询"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
