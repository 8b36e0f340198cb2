from django.urls import path

from . import views

app_name = "delegates"
urlpatterns = [
    path("", views.apportionment_list, name="list"),
    path("<int:pk>/", views.apportionment_detail, name="detail"),
    path("<int:pk>/table.docx", views.apportionment_docx, name="docx"),
    path("<int:pk>/table.xlsx", views.apportionment_xlsx, name="xlsx"),
]
