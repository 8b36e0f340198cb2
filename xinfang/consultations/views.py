"""Consultations: one page for entering a run of them and for the register, plus the Excel export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from xinfang.audit.models import AccessAction, filter_detail, log_access
from xinfang.idempotency.keys import form_token, remember_form_token, used_form_token
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.spreadsheets import table_xlsx
from xinfang.lib.steps import add_action_errors

from .actions import STAFF, record_consultation
from .figures import register_totals
from .forms import ConsultationFilterForm, ConsultationForm
from .models import Consultation

PAGE_SIZE = 50
KEPT = ("channel", "topic")


def _filtered(request):
    form = ConsultationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, Consultation.objects.visible_to(request.user).matching(request.user, **filters)


@login_required
def consultation_list(request):
    entry = None
    if request.user.role in STAFF:
        if request.method == "POST" and (first := used_form_token(request)):
            messages.info(request, "该咨询已保存过，未重复录入。")
            return redirect(first)
        keep = {k: request.GET[k] for k in KEPT if k in request.GET}
        entry = ConsultationForm(request.POST or None, initial=keep)
        if request.method == "POST" and entry.is_valid():
            kept = urlencode({k: entry.cleaned_data[k] for k in KEPT})
            try:
                with transaction.atomic():
                    record_consultation(by=request.user, data=entry.to_input())
                    remember_form_token(request, f"{reverse('consultations:list')}?{kept}")
            except IntegrityError:
                if not (first := used_form_token(request)):
                    raise
                messages.info(request, "该咨询已保存过，未重复录入。")
                return redirect(first)
            except ValidationError as e:
                add_action_errors(entry, e)
            except ActionError as e:
                entry.add_error(None, e.message)
            else:
                messages.success(request, "已保存，请录入下一条。")
                return redirect(f"{reverse('consultations:list')}?{kept}")
    filters, qs = _filtered(request)
    page = paginate(
        qs.select_related("answered_by").defer("answer"),
        field="asked_at",
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "entry": entry,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "totals": register_totals(qs),
            "form_token": request.POST.get("form_token") or form_token(),
        },
    )


@login_required
def consultation_export(request):
    _, qs = _filtered(request)
    rows = (
        [
            timezone.localtime(c.asked_at),
            c.get_channel_display(),
            c.people_count,
            c.person_name,
            c.get_topic_display(),
            c.question,
            c.answer,
            str(c.answered_by),
            "信访件" if c.petition_id else "调解案件" if c.mediation_id else "",
        ]
        for c in qs.select_related("answered_by").order_by("asked_at", "pk").iterator(chunk_size=1000)
    )
    content = table_xlsx(
        "法律政策咨询台账",
        ["咨询时间", "方式", "人次", "咨询人", "类别", "咨询问题", "解答要点", "解答人", "转办"],
        rows,
        widths=[17, 10, 6, 10, 14, 40, 50, 10, 10],
    )
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=Consultation,
        detail=filter_detail(request.GET),
        request=request,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="consultations-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response
