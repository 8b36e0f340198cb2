from django.urls import path

from . import views
from .views.prints import petition_receipt, petition_sheet

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_create, name="create"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/sheet/", petition_sheet, name="sheet"),
    path("<int:pk>/receipt/", petition_receipt, name="receipt"),
    path("<int:pk>/correct/", views.petition_correct, name="correct"),
    path("<int:pk>/decide/", views.petition_decide, name="decide"),
    path("<int:pk>/assign/", views.petition_assign, name="assign"),
    path("<int:pk>/assignments/<int:assignment_pk>/take/", views.assignment_take, name="take"),
    path("<int:pk>/assignments/<int:assignment_pk>/return/", views.assignment_return, name="return"),
    path("<int:pk>/assignments/<int:assignment_pk>/finish/", views.assignment_finish, name="finish"),
    path("<int:pk>/notes/", views.petition_note, name="note"),
    path("<int:pk>/extension/", views.petition_extension_request, name="extension_request"),
    path(
        "<int:pk>/extension/<int:extension_pk>/decide/",
        views.petition_extension_decide,
        name="extension_decide",
    ),
    path("<int:pk>/conclude/", views.petition_conclude, name="conclude"),
    path("<int:pk>/rate/", views.petition_rate, name="rate"),
    path("<int:pk>/reopen/", views.petition_reopen, name="reopen"),
    path("<int:pk>/review/", views.petition_review_request, name="review_request"),
    path("<int:pk>/review/decide/", views.petition_review_decide, name="review_decide"),
    path("<int:pk>/hearing/", views.petition_hearing, name="hearing"),
    path("<int:pk>/supervise/", views.petition_supervise, name="supervise"),
    path("<int:pk>/reveal/<int:petitioner_pk>/<str:field>/", views.petition_reveal, name="reveal"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/documents/", views.document_generate, name="document_generate"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
