"""The workers' home pages beside the kit's (``homes:list`` … come from the kit): included under ``homes/`` after
the kit's, in the namespace ``homes_pages``."""

from django.urls import path

from . import views

app_name = "homes_pages"
urlpatterns = [
    path("<int:pk>/reinspect/", views.inspection_reinspect, name="reinspect"),
    path("honours/", views.honour_list, name="honours"),
]
