from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.reminder_list, name="list"),
    path("<int:pk>/open/", views.reminder_open, name="open"),
    path("read-all/", views.reminder_read_all, name="read_all"),
]
