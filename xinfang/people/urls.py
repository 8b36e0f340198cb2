from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("lookup/", views.person_lookup, name="lookup"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/reveal/<str:field>/", views.person_reveal, name="reveal"),
]
