from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "xinfang.people"
    verbose_name = "人员"
