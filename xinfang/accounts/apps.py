from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xinfang.accounts"
    verbose_name = "账号"
