from django.apps import AppConfig


class LedgerkitConfig(AppConfig):
    name = "xinfang.ledgerkit"
    verbose_name = "台账套件"
