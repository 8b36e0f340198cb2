from django.urls import path

from . import views

app_name = "clocks"
urlpatterns = [
    path("calculator/", views.due_date_calculator, name="calculator"),
    path("due/", views.due_list, name="due"),
]
