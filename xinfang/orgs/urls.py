from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.employer_list, name="employer_list"),
    path("search/", views.employer_search, name="employer_search"),
    path("<int:pk>/", views.employer_detail, name="employer_detail"),
]
