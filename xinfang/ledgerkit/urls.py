"""The pages of every registered kit ledger, under ``/<key>/`` in the namespace ``<key>`` (``congresses:list``,
``:create``, ``:detail``, ``:edit``); included once by the URL root. The export is the import kind's
(``imports:export``), with the list's query."""

from django.urls import include, path

from .declaration import ledgers
from .views import page_for


def ledger_patterns(ledger):
    return [
        path("", page_for(ledger, "list"), name="list"),
        path("new/", page_for(ledger, "create"), name="create"),
        path("<int:pk>/", page_for(ledger, "detail"), name="detail"),
        path("<int:pk>/edit/", page_for(ledger, "edit"), name="edit"),
    ]


urlpatterns = [path(f"{item.key}/", include((ledger_patterns(item), item.key))) for item in ledgers()]
