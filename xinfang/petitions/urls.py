from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_create, name="create"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/correct/", views.petition_correct, name="correct"),
    path("<int:pk>/decide/", views.petition_decide, name="decide"),
    path("<int:pk>/reveal/<int:petitioner_pk>/<str:field>/", views.petition_reveal, name="reveal"),
]
