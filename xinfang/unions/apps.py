from django.apps import AppConfig


class UnionsConfig(AppConfig):
    name = "xinfang.unions"
    verbose_name = "工会组建与会员发展"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers what the ledger offers)
