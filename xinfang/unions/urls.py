from django.urls import path

from . import views

app_name = "unions"
urlpatterns = [
    path("", views.union_list, name="list"),
    path("new/", views.union_create, name="create"),
    path("obligations/", views.obligations, name="obligations"),
    path("batches/", views.batch_list, name="batches"),
    path("<int:pk>/", views.union_detail, name="detail"),
    path("<int:pk>/edit/", views.union_edit, name="edit"),
    path("<int:pk>/headcount/", views.union_headcount, name="headcount"),
    path("<int:pk>/cover/", views.union_cover, name="cover"),
    path("<int:pk>/uncover/", views.union_uncover, name="uncover"),
    path("<int:pk>/batch/", views.union_batch, name="batch"),
    path("<int:pk>/end/", views.union_end, name="end"),
]
