from django.urls import path

from . import views

app_name = "homes"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_new, name="new"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/reinspect/", views.inspection_reinspect, name="reinspect"),
    path("honours/", views.honour_list, name="honours"),
]
