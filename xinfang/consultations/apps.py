from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "xinfang.consultations"
    verbose_name = "法律政策咨询"
