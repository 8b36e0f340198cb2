from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_create, name="create"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/correct/", views.petition_correct, name="correct"),
    path("<int:pk>/decide/", views.petition_decide, name="decide"),
    path("<int:pk>/extension/", views.petition_extension_request, name="extension_request"),
    path(
        "<int:pk>/extension/<int:extension_pk>/decide/",
        views.petition_extension_decide,
        name="extension_decide",
    ),
    path("<int:pk>/conclude/", views.petition_conclude, name="conclude"),
    path("<int:pk>/rate/", views.petition_rate, name="rate"),
    path("<int:pk>/supervise/", views.petition_supervise, name="supervise"),
    path("<int:pk>/reveal/<int:petitioner_pk>/<str:field>/", views.petition_reveal, name="reveal"),
]
