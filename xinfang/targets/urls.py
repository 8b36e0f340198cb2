from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.completion, name="completion"),
    path("entry/", views.entry, name="entry"),
]
