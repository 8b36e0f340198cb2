from django.urls import path

from . import views

app_name = "mediations"
urlpatterns = [
    path("", views.mediation_list, name="list"),
    path("export/", views.mediation_export, name="export"),
    path("new/", views.mediation_create, name="create"),
    path("<int:pk>/", views.mediation_detail, name="detail"),
    path("<int:pk>/accept/", views.mediation_accept, name="accept"),
    path("<int:pk>/sessions/", views.mediation_session, name="session"),
    path("<int:pk>/conclude/", views.mediation_conclude, name="conclude"),
    path("<int:pk>/workers/", views.mediation_add_workers, name="add_workers"),
    path("<int:pk>/worker-amounts/", views.mediation_worker_amounts, name="worker_amounts"),
    path("<int:pk>/performance/", views.mediation_performance, name="performance"),
    path("<int:pk>/follow-ups/", views.mediation_follow_up, name="follow_up"),
    path("<int:pk>/documents/", views.mediation_document_generate, name="document_generate"),
    path("<int:pk>/documents/<int:document_pk>/", views.mediation_document, name="document"),
    path("<int:pk>/reveal/<int:worker_pk>/<str:field>/", views.mediation_reveal, name="reveal"),
]
