from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "xinfang.congresses"
    verbose_name = "职代会"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  (registers the ledger with the kit)
