from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        from xinfang.orgs.models import org_moved

        from .models import refresh_org_levels

        org_moved.connect(refresh_org_levels, dispatch_uid="petitions.refresh_org_levels")
