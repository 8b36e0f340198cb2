"""Consultations: one page for entering a run of them and for the register, the Excel export, a consultation's
page, and turning one into a petition or a mediation case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from xinfang.audit.models import AccessAction, filter_detail, log_access
from xinfang.idempotency.keys import form_token, remember_form_token, used_form_token
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.spreadsheets import table_xlsx
from xinfang.lib.steps import add_action_errors, input_from
from xinfang.mediations import views as mediation_views
from xinfang.mediations.models import Mediation
from xinfang.petitions.models import Petition
from xinfang.petitions.views import pages as petition_pages

from .actions import convert_to_mediation, convert_to_petition, record_consultation
from .figures import register_totals
from .forms import ConsultationFilterForm, ConsultationForm
from .inputs import ConsultationIn
from .models import Consultation

PAGE_SIZE = 50
# The entry's channel and topic are kept for the next entry under names of their own, apart from the register's
# filters (``channel``, ``topic``): saving an entry never filters the register below it, nor its export.
KEPT = {"channel": "entry_channel", "topic": "entry_topic"}


def _register_query(request) -> QueryDict:
    """The register's own query (its filters), without the entry's defaults and the page cursor."""
    query = request.GET.copy()
    for key in ("cursor", *KEPT.values()):
        query.pop(key, None)
    return query


def _filtered(request):
    form = ConsultationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, Consultation.objects.visible_to(request.user).matching(request.user, **filters)


@login_required
def consultation_list(request):
    entry = None
    if request.user.can("consultations.record"):
        if request.method == "POST" and (first := used_form_token(request)):
            messages.info(request, "该咨询已保存过，未重复录入。")
            return redirect(first)
        keep = {field: request.GET[key] for field, key in KEPT.items() if key in request.GET}
        entry = ConsultationForm(request.POST or None, initial=keep, auto_id="id_entry_%s")
        data = input_from(entry, ConsultationIn) if request.method == "POST" and entry.is_valid() else None
        if data is not None:
            query = _register_query(request)
            query.update({key: entry.cleaned_data[field] for field, key in KEPT.items()})
            kept = query.urlencode()
            try:
                with transaction.atomic():
                    record_consultation(by=request.user, data=data)
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
    query = _register_query(request)
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
        detail=filter_detail(_register_query(request)),
        request=request,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="consultations-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


@login_required
def consultation_detail(request, pk: int):
    consultation = get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("org", "answered_by", "registered_by"),
        pk=pk,
    )
    # What it was turned into, named only to who may see that record (each through its own scope rule).
    petition, mediation = None, None
    if consultation.petition_id:
        petition = Petition.objects.visible_to(request.user).filter(pk=consultation.petition_id).first()
    if consultation.mediation_id:
        mediation = Mediation.objects.visible_to(request.user).filter(pk=consultation.mediation_id).first()
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "c": consultation,
            "petition": petition,
            "mediation": mediation,
            "may_convert": request.user.can("consultations.record"),
        },
    )


@login_required
def consultation_to_petition(request, pk: int):
    """转为信访件: the petition's registration form, filled in with what the consultation knows; saving registers
    the petition and links the two in one transaction, then shows the petition."""
    c = get_object_or_404(Consultation.objects.visible_to(request.user).select_related("person"), pk=pk)
    if not request.user.can("petitions.register"):
        messages.error(request, "您的角色不能登记信访件。")
        return redirect("consultations:list")
    initial = {
        "channel": {"outreach": "visit"}.get(c.channel, c.channel),
        "received_at": timezone.localtime(c.asked_at).strftime("%Y-%m-%dT%H:%M"),
        "request": c.question,
        "people_count": c.people_count,
    }
    return petition_pages.registration_page(
        request,
        initial=initial,
        petitioners=_person(c),
        register=lambda data: convert_to_petition(consultation_id=c.pk, by=request.user, data=data),
        notice="由法律政策咨询转为信访件：保存后两者互相关联。",
    )


@login_required
def consultation_to_mediation(request, pk: int):
    """转为调解案件: the mediation's registration form, filled in likewise; saving registers and links."""
    c = get_object_or_404(Consultation.objects.visible_to(request.user).select_related("person"), pk=pk)
    if not request.user.can("mediations.register"):
        messages.error(request, "您的角色不能登记调解案件。")
        return redirect("consultations:list")
    initial = {"received_on": timezone.localdate(), "claims": c.question, "people_count": c.people_count}
    return mediation_views.registration_page(
        request,
        initial=initial,
        workers=_person(c),
        register=lambda data: convert_to_mediation(consultation_id=c.pk, by=request.user, data=data),
        notice="由法律政策咨询转为调解案件：保存后两者互相关联。",
    )


def _person(c: Consultation) -> list[dict]:
    """Who asked, as the first party of the new record (the ID number only when one was recorded)."""
    if not c.person_name:
        return []
    return [{"name": c.person_name, "id_number": c.person.id_number if c.person else ""}]
