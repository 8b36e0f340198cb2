from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "xinfang.policies"
    verbose_name = "业务参数"
