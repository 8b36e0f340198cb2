from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_page, name="page"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/problems.xlsx", views.job_problems, name="problems"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
    path("<slug:kind>/export.xlsx", views.export_download, name="export"),
]
