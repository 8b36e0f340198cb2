"""Mediation pages: list (with its totals and Excel export), registration, the case page, and its steps."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from ninja import Schema

from xinfang.audit.models import AccessAction, filter_detail, log_access
from xinfang.documents.downloads import DOCX, serve_page
from xinfang.idempotency.keys import form_token, remember_form_token, used_form_token
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.related import related_links
from xinfang.lib.steps import add_action_errors, form_errors, input_from, run_step
from xinfang.people.privacy import reveal_number
from xinfang.petitions.models import Petition, PetitionerRole

from . import actions, exports, letters
from .figures import ledger_totals
from .forms import (
    AcceptForm,
    AddWorkersForm,
    ConclusionForm,
    FollowUpForm,
    MediationDocumentForm,
    MediationFilterForm,
    MediationForm,
    PerformanceForm,
    SessionForm,
    WorkerAmountsForm,
    WorkerFormSet,
)
from .inputs import (
    AcceptIn,
    FollowUpIn,
    MediationConclusionIn,
    MediationDocumentIn,
    MediationIn,
    PerformanceIn,
    SessionIn,
    WorkerAmountsIn,
    WorkerIn,
    WorkersIn,
)
from .models import Mediation
from .workers import add_workers, set_worker_amounts
from .workflow import FLOW

PAGE_SIZE = 30


def _filtered(request):
    form = MediationFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, Mediation.objects.visible_to(request.user).matching(request.user, **filters)


@login_required
def mediation_list(request):
    form, qs = _filtered(request)
    page = paginate(qs.for_list(), field="received_on", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "mediations/mediation_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "totals": ledger_totals(qs),
            "today": timezone.localdate(),
        },
    )


@login_required
def mediation_export(request):
    form, qs = _filtered(request)
    content = exports.mediations_xlsx(qs)
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=Mediation,
        detail=filter_detail(request.GET),
        request=request,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="mediations-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _initial_from(request) -> tuple[dict, list[dict]]:
    """Prefill from a petition diverted into mediation."""
    initial: dict = {"received_on": timezone.localdate()}
    workers: list[dict] = []
    if request.GET.get("petition"):
        petition = get_object_or_404(
            Petition.objects.visible_to(request.user).select_related("employer"), pk=request.GET["petition"]
        )
        initial |= {
            "petition": petition.pk,
            "claims": f"{petition.request}\n{petition.facts}",
            "people_count": petition.people_count,
            "amount_claimed": petition.amount,
            "employer": petition.employer_id,
            "employer_name": petition.employer.name if petition.employer else "",
        }
        if petition.identity_visible_to(request.user):
            workers = [
                {
                    "name": p.name,
                    "id_number": p.id_number,
                    "phone": p.phone,
                    "is_representative": p.role == PetitionerRole.REPRESENTATIVE,
                }
                for p in petition.petitioners.all()
            ]
    return initial, workers


@login_required
def mediation_create(request):
    if not request.user.can("mediations.register"):
        messages.error(request, "您的角色不能登记调解案件。")
        return redirect("mediations:list")
    initial, workers = _initial_from(request) if request.method == "GET" else ({}, [])
    return registration_page(
        request,
        initial=initial,
        workers=workers,
        register=lambda data: actions.register_mediation(by=request.user, data=data),
    )


def registration_page(
    request,
    *,
    initial: dict,
    register: Callable[[MediationIn], Mediation],
    workers: list[dict] | None = None,
    notice: str = "",
) -> HttpResponse:
    """The registration form and its submission. ``register`` is the one action call: ``register_mediation``,
    or, for a record of a later ledger turned into a case (its own page, which checks the user may register),
    that ledger's action registering and linking in one transaction; ``notice`` then says so above the form."""
    if request.method == "POST" and (first := used_form_token(request)):
        messages.info(request, "该登记表已提交过，调解案件已登记，未重复登记。")
        return redirect(first)
    form = MediationForm(request.POST or None, user=request.user, initial=initial)
    # Prefilled rows only on the blank form: a posted row equal to its initial would count as left empty.
    prefill = workers if request.method == "GET" else None
    formset = WorkerFormSet(request.POST or None, prefix="p", initial=prefill or None)
    data = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Each worker's row, then the whole, through the action's input model (its refusals as field errors).
        people = [input_from(f, WorkerIn) for f in formset.forms if f.cleaned_data]
        given = [p for p in people if p is not None]
        if len(given) == len(people):
            data = input_from(form, MediationIn, form.input_data(given), fields=form.INPUT_FIELDS)
    if data is not None:
        try:
            with transaction.atomic():
                mediation = register(data)
                remember_form_token(request, reverse("mediations:detail", args=[mediation.pk]))
        except IntegrityError:
            if not (first := used_form_token(request)):
                raise
            messages.info(request, "该登记表已提交过，调解案件已登记，未重复登记。")
            return redirect(first)
        except ValidationError as e:
            add_action_errors(form, e)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已登记调解案件 {mediation.number}。")
            return redirect("mediations:detail", pk=mediation.pk)
    token = request.POST.get("form_token") or form_token()
    return render(
        request,
        "mediations/mediation_form.html",
        {"form": form, "formset": formset, "form_token": token, "notice": notice},
    )


@login_required
def mediation_detail(request, pk: int):
    mediation = get_object_or_404(
        Mediation.objects.visible_to(request.user).select_related(
            "employer", "org", "petition", "registered_by", "federation"
        ),
        pk=pk,
    )
    user = request.user
    steps = set(FLOW.allowed(mediation, user))
    today = timezone.localdate()
    v = {"version": mediation.version}
    workers = list(mediation.workers.all())
    return render(
        request,
        "mediations/mediation_detail.html",
        {
            "m": mediation,
            "workers": workers,
            # Completing the list of workers and their shares, for the 调解协议书's annex (workers.py).
            "add_workers_form": AddWorkersForm(initial=v)
            if "add_workers" in steps and len(workers) < mediation.people_count
            else None,
            "add_workers_formset": WorkerFormSet(prefix="p"),
            "amounts_form": WorkerAmountsForm(initial=v, workers=workers)
            if "set_worker_amounts" in steps
            else None,
            "amounts_missing": len(workers) > 1 and any(w.amount_agreed is None for w in workers),
            "sessions": mediation.sessions.select_related("recorded_by"),
            "follow_ups": mediation.follow_ups.all(),
            "events": mediation.events.select_related("by"),
            "documents": mediation.documents.select_related("generated_by"),
            "today": today,
            "related": related_links(mediation, user),
            "accept_form": AcceptForm(initial=v | {"accepted_on": today}) if "accept" in steps else None,
            "session_form": SessionForm(initial={"held_on": today}) if "add_session" in steps else None,
            "conclusion_form": ConclusionForm(initial=v | {"result_on": today})
            if "conclude" in steps
            else None,
            "performance_form": PerformanceForm(
                initial=v
                | {
                    "performance": mediation.performance,
                    "performed_on": mediation.performed_on or today,
                    "amount_recovered": mediation.amount_recovered,
                }
            )
            if "record_performance" in steps
            else None,
            "follow_up_form": FollowUpForm(initial={"on": today}) if "add_follow_up" in steps else None,
            "document_kinds": [
                (k, spec.title) for k, spec in letters.TEMPLATES.items() if letters.available(k, mediation)
            ]
            if "generate_document" in steps
            else [],
        },
    )


def _step(request, pk: int, form: forms.Form, success: str, call, model: type[Schema]) -> HttpResponse:
    """Scoped fetch, then the shared step shape (``lib.steps.run_step``): the form's cleaned data becomes
    ``model``, the action's input; ``call(mediation, input)`` calls the action."""
    mediation = get_object_or_404(Mediation.objects.visible_to(request.user).select_related("org"), pk=pk)
    return run_step(request, mediation, form, success, call, "mediations:detail", model=model)


@login_required
@require_POST
def mediation_accept(request, pk: int):
    return _step(
        request,
        pk,
        AcceptForm(request.POST),
        "已受理。",
        lambda m, data: actions.accept_mediation(mediation=m, by=request.user, data=data),
        AcceptIn,
    )


@login_required
@require_POST
def mediation_session(request, pk: int):
    return _step(
        request,
        pk,
        SessionForm(request.POST),
        "已保存调解记录。",
        lambda m, data: actions.add_session(mediation=m, by=request.user, data=data),
        SessionIn,
    )


@login_required
@require_POST
def mediation_conclude(request, pk: int):
    return _step(
        request,
        pk,
        ConclusionForm(request.POST),
        "已录入调解结果。",
        lambda m, data: actions.conclude_mediation(mediation=m, by=request.user, data=data),
        MediationConclusionIn,
    )


@login_required
@require_POST
def mediation_add_workers(request, pk: int):
    """补充登记劳动者: the list of workers completed (a WorkerFormSet of new workers)."""
    mediation = get_object_or_404(Mediation.objects.visible_to(request.user).select_related("org"), pk=pk)
    form, formset = AddWorkersForm(request.POST), WorkerFormSet(request.POST, prefix="p")
    if not (form.is_valid() and formset.is_valid()):
        problems = [form_errors(form)] + [form_errors(f) for f in formset.forms if f.errors]
        problems += [str(e) for e in formset.non_form_errors()]
        messages.error(request, "；".join(p for p in problems if p))
        return redirect("mediations:detail", pk=pk)
    people = [input_from(f, WorkerIn) for f in formset.forms if f.cleaned_data]
    given = [p for p in people if p is not None]
    data = input_from(form, WorkersIn, {"version": form.cleaned_data["version"], "workers": given})
    if data is None or len(given) < len(people):
        problems = [form_errors(form)] + [form_errors(f) for f in formset.forms if f.errors]
        messages.error(request, "；".join(p for p in problems if p))
        return redirect("mediations:detail", pk=pk)
    try:
        added = add_workers(mediation=mediation, by=request.user, data=data)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已补充登记劳动者{len(added)}人。")
    return redirect("mediations:detail", pk=pk)


@login_required
@require_POST
def mediation_worker_amounts(request, pk: int):
    mediation = get_object_or_404(Mediation.objects.visible_to(request.user).select_related("org"), pk=pk)
    form = WorkerAmountsForm(request.POST, workers=list(mediation.workers.all()))
    return run_step(
        request,
        mediation,
        form,
        "已录入各劳动者的协议金额。",
        lambda m, data: set_worker_amounts(mediation=m, by=request.user, data=data),
        "mediations:detail",
        model=WorkerAmountsIn,
        data=form.input_data,
    )


@login_required
@require_POST
def mediation_performance(request, pk: int):
    return _step(
        request,
        pk,
        PerformanceForm(request.POST),
        "已录入履行情况。",
        lambda m, data: actions.record_performance(mediation=m, by=request.user, data=data),
        PerformanceIn,
    )


@login_required
@require_POST
def mediation_follow_up(request, pk: int):
    return _step(
        request,
        pk,
        FollowUpForm(request.POST),
        "已记录后续程序。",
        lambda m, data: actions.add_follow_up(mediation=m, by=request.user, data=data),
        FollowUpIn,
    )


@login_required
@require_POST
def mediation_document_generate(request, pk: int):
    return _step(
        request,
        pk,
        MediationDocumentForm(request.POST),
        "已生成文书，可在“文书”中下载。",
        lambda m, data: actions.generate_mediation_document(mediation=m, by=request.user, data=data),
        MediationDocumentIn,
    )


@login_required
def mediation_document(request, pk: int, document_pk: int):
    mediation = get_object_or_404(Mediation.objects.visible_to(request.user), pk=pk)
    document = get_object_or_404(mediation.documents.all(), pk=document_pk)
    return serve_page(
        request,
        file=document.file,
        name=f"{mediation.number}{document.title}.docx",
        content_type=DOCX,
        obj=document,
        what="文书",
    )


@login_required
@require_POST
def mediation_reveal(request, pk: int, worker_pk: int, field: str):
    """A worker's full number as given on this case (never the shared person's stored one), logged."""
    mediation = get_object_or_404(Mediation.objects.visible_to(request.user), pk=pk)
    worker = get_object_or_404(mediation.workers.select_related("person"), pk=worker_pk)
    try:
        value = reveal_number(
            user=request.user,
            person=worker.person,
            given=worker,
            field=field,
            context=f"调解案件 {mediation.number}",
            request=request,
        )
    except ActionError as e:
        return HttpResponse(e.message, status=403)
    return render(request, "people/_revealed.html", {"value": value})
