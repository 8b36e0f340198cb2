from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "xinfang.orgs"
    verbose_name = "组织与用人单位"

    def ready(self) -> None:
        from .models import org_moved
        from .scoping import refresh_org_levels

        org_moved.connect(refresh_org_levels, dispatch_uid="orgs.refresh_org_levels")
