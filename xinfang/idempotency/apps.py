from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "xinfang.idempotency"
    verbose_name = "重复提交防护"
