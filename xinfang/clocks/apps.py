from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "xinfang.clocks"
    verbose_name = "期限与节假日"
