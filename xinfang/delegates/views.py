"""Delegate apportionment: the saved apportionments and the form for a new one, an apportionment's table (with the
tie rule stated), and its .docx and .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xinfang.audit.models import AccessAction, log_access
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.steps import add_action_errors, input_from

from . import tables
from .actions import apportion_delegates
from .forms import ApportionmentForm
from .inputs import ApportionmentIn
from .models import METHOD, TIE_RULE, Apportionment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def apportionment_list(request):
    form = None
    if request.user.can("delegates.apportion"):
        form = ApportionmentForm(request.POST or None, initial={"decided_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            data = input_from(form, ApportionmentIn)
            if data is not None:
                try:
                    record = apportion_delegates(by=request.user, data=data)
                except ValidationError as e:
                    add_action_errors(form, e)
                except ActionError as e:
                    form.add_error(None, e.message)
                else:
                    messages.success(request, "代表名额已分配并保存。")
                    return redirect(record.get_absolute_url())
    qs = Apportionment.objects.visible_to(request.user).only(
        "pk", "congress", "seats", "minimum", "decided_on"
    )
    page = paginate(qs, field="registered_at", cursor=request.GET.get("cursor"), size=50)
    return render(
        request, "delegates/apportionment_list.html", {"form": form, "page": page, "tie_rule": TIE_RULE}
    )


def _record(request, pk: int) -> Apportionment:
    return get_object_or_404(Apportionment.objects.visible_to(request.user).select_related("org"), pk=pk)


@login_required
def apportionment_detail(request, pk: int):
    record = _record(request, pk)
    return render(
        request,
        "delegates/apportionment_detail.html",
        {"a": record, "c": tables.context(record), "method": METHOD},
    )


def _download(request, record: Apportionment, content: bytes, suffix: str, content_type: str) -> HttpResponse:
    log_access(user=request.user, action=AccessAction.DOWNLOAD, obj=record, detail=suffix, request=request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="apportionment-{record.pk}.{suffix}"'
    return response


@login_required
def apportionment_docx(request, pk: int):
    record = _record(request, pk)
    return _download(request, record, tables.docx(record), "docx", DOCX)


@login_required
def apportionment_xlsx(request, pk: int):
    record = _record(request, pk)
    return _download(request, record, tables.xlsx(record), "xlsx", XLSX)
