from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from xinfang.accounts import views as account_views
from xinfang.api import api
from xinfang.ops import views as ops_views
from xinfang.workbench import views as workbench_views

urlpatterns = [
    path("", workbench_views.home, name="home"),
    path(
        "accounts/",
        include(
            (
                [
                    path("login/", account_views.LoginView.as_view(), name="login"),
                    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
                ],
                "accounts",
            )
        ),
    ),
    path("petitions/", include("xinfang.petitions.urls")),
    path("people/", include("xinfang.people.urls")),
    path("employers/", include("xinfang.orgs.urls")),
    path("clocks/", include("xinfang.clocks.urls")),
    path("inbox/", include("xinfang.inbox.urls")),
    path("mediations/", include("xinfang.mediations.urls")),
    path("consultations/", include("xinfang.consultations.urls")),
    path("unions/", include("xinfang.unions.urls")),
    path("targets/", include("xinfang.targets.urls")),
    path("homes/", include("xinfang.homes.urls")),
    path("delegates/", include("xinfang.delegates.urls")),
    path("contracts/", include("xinfang.contracts.urls")),
    # Browsers ask for /favicon.ico by themselves (the pages link the static icons).
    path("favicon.ico", lambda request: redirect(static("favicon.ico"), permanent=True)),
    path("imports/", include("xinfang.imports.urls")),
    path("", include("xinfang.ledgerkit.urls")),  # every kit ledger's pages, under /<key>/
    path("healthz", ops_views.healthz, name="healthz"),
    path("ops/health/", ops_views.health_page, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
