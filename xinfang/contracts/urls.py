"""The contract's steps (the kit gives the list, create, edit and detail pages under ``contracts:``)."""

from django.urls import path

from . import views

app_name = "contract_steps"
urlpatterns = [
    path("<int:pk>/filing/", views.file_contract, name="file"),
    path("<int:pk>/refiling/", views.refile_contract, name="refile"),
    path("<int:pk>/objection/", views.object_to_contract, name="object"),
    path("<int:pk>/sessions/", views.add_session, name="session"),
]
