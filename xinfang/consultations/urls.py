from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("export/", views.consultation_export, name="export"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/petition/", views.consultation_to_petition, name="to_petition"),
    path("<int:pk>/mediation/", views.consultation_to_mediation, name="to_mediation"),
]
