from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "xinfang.inbox"
    verbose_name = "待办提醒"
