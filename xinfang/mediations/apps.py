from django.apps import AppConfig


class MediationsConfig(AppConfig):
    name = "xinfang.mediations"
    verbose_name = "劳动争议调解"
