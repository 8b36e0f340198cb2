from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.audit.models import AccessAction, log_access
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.people.privacy import reveal_number

from . import actions
from .forms import (
    ConclusionForm,
    CorrectionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    IntakeDecisionForm,
    PetitionerFormSet,
    PetitionFilterForm,
    PetitionForm,
    RatingForm,
    SupervisionForm,
)
from .models import IntakeDecision, Petition, Petitioner
from .workflow import allowed_steps

PAGE_SIZE = 30


def add_action_errors(form, error: ValidationError) -> None:
    """Show an action's field errors on the form; unknown fields become errors of the whole form."""
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


@login_required
def petition_list(request):
    form = PetitionFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = Petition.objects.visible_to(request.user).matching(request.user, **filters).for_list()
    page = paginate(qs, field="received_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    for petition in page.items:
        petition.shown_names = petition.display_names_for(request.user)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "petitions/_petition_table.html" if request.htmx else "petitions/petition_list.html"
    return render(request, template, context)


@login_required
def petition_create(request):
    if not request.user.can("register_petition"):
        messages.error(request, "您的角色不能登记信访件。")
        return redirect("home")
    # "保存并继续登记" comes back with the channel and source kept, for a run of calls or letters.
    keep = {k: request.GET[k] for k in ("channel", "source", "kind") if k in request.GET}
    form = PetitionForm(request.POST or None, user=request.user, initial=keep)
    formset = PetitionerFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.to_input([f.to_input() for f in formset.forms if f.cleaned_data])
        try:
            petition = actions.register_petition(by=request.user, data=data)
        except ValidationError as e:
            add_action_errors(form, e)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已登记，信访编号 {petition.number}。")
            if "save_and_new" in request.POST:
                keep = urlencode({"channel": data.channel, "source": data.source, "kind": data.kind})
                return redirect(f"{reverse('petitions:create')}?{keep}")
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/petition_form.html", {"form": form, "formset": formset})


@login_required
def petition_detail(request, pk: int):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "category__parent", "employer", "org", "source_org", "registered_by"
        ),
        pk=pk,
    )
    identity_visible = petition.identity_visible_to(request.user)
    if petition.is_confidential:
        log_access(
            user=request.user,
            action=AccessAction.VIEW_CONFIDENTIAL,
            obj=petition,
            request=request,
            detail="" if identity_visible else "身份信息已隐藏",
        )
    petitioners = petition.petitioners.select_related("person") if identity_visible else []
    events = petition.events.select_related("by")
    steps = allowed_steps(petition, request.user)
    names = {name for name, _ in steps}
    handling = {
        "extension_form": ExtensionForm() if "request_extension" in names else None,
        "can_decide_extension": "decide_extension" in names,
        "conclusion_form": ConclusionForm(
            initial={"version": petition.version, "replied_on": timezone.localdate()}
        )
        if "conclude" in names
        else None,
        "extensions": petition.extensions.select_related("requested_by", "decided_by"),
        "supervision_form": SupervisionForm() if request.user.can("supervise") else None,
        "rating_form": RatingForm(initial={"version": petition.version, "rated_on": timezone.localdate()})
        if "rate" in names and request.user.pk != petition.concluded_by_id
        else None,
    }
    intake_steps = [(n, s) for n, s in steps if n in IntakeDecision.values]
    decision_form = (
        IntakeDecisionForm(
            initial={"version": petition.version}, decisions=[(n, s.label) for n, s in intake_steps]
        )
        if intake_steps
        else None
    )
    correction = CorrectionForm(
        initial={
            "version": petition.version,
            "request": petition.request,
            "facts": petition.facts,
            "reasons": petition.reasons,
            "amount": petition.amount,
            "is_urgent": petition.is_urgent,
        }
    )
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "petitioners": petitioners,
            "identity_visible": identity_visible,
            "events": events,
            "correction": correction,
            "clocks": petition.clocks.all(),
            "today": timezone.localdate(),
            "decision_form": decision_form,
            **handling,
        },
    )


@login_required
@require_POST
def petition_correct(request, pk: int):
    return _step_view(
        request,
        pk,
        CorrectionForm(request.POST),
        "登记信息已更正。",
        lambda petition, d: actions.correct_petition(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            changes={name: d[name] for name in actions.CORRECTABLE},
        ),
    )


@login_required
@require_POST
def petition_reveal(request, pk: int, petitioner_pk: int, field: str):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    if not petition.identity_visible_to(request.user):
        return HttpResponse(status=404)
    party = get_object_or_404(
        Petitioner.objects.select_related("person"), pk=petitioner_pk, petition=petition
    )
    try:
        value = reveal_number(
            user=request.user,
            person=party.person,
            field=field,
            context=f"信访件 {petition.number}",
            request=request,
        )
    except ActionError as e:
        return HttpResponse(e.message, status=403)
    return render(request, "people/_revealed.html", {"value": value})


def _form_errors(form) -> str:
    return "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields)


def _step_view(request, pk: int, form, success: str, call) -> HttpResponse:
    """The shape of every workflow page action: scoped fetch, form, one action call, message, back to the page.
    ``call(petition, cleaned_data)`` calls the action; its refusal is shown as it is."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("petitions:detail", pk=petition.pk)
    try:
        call(petition, form.cleaned_data)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
def petition_decide(request, pk: int):
    """Record the intake decision (受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序)."""
    form = IntakeDecisionForm(request.POST, decisions=IntakeDecision.choices)
    label = (
        IntakeDecision(request.POST["decision"]).label
        if request.POST.get("decision") in IntakeDecision.values
        else ""
    )
    return _step_view(
        request,
        pk,
        form,
        f"已记录受理决定：{label}。",
        lambda petition, d: actions.decide_intake(
            petition=petition,
            by=request.user,
            decision=d["decision"],
            expected_version=d["version"],
            reason=d["reason"],
            reason_code=d["reason_code"],
            transferred_to_id=d["transferred_to"].pk if d["transferred_to"] else None,
        ),
    )


@login_required
@require_POST
def petition_extension_request(request, pk: int):
    return _step_view(
        request,
        pk,
        ExtensionForm(request.POST),
        "已提交延期申请。",
        lambda petition, d: actions.request_extension(
            petition=petition, by=request.user, days=d["days"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def petition_extension_decide(request, pk: int, extension_pk: int):
    approve = "approve" in request.POST
    return _step_view(
        request,
        pk,
        ExtensionDecisionForm(request.POST),
        "已批准延期。" if approve else "已不批准延期。",
        lambda petition, d: actions.decide_extension(
            extension=get_object_or_404(petition.extensions.all(), pk=extension_pk),
            by=request.user,
            approve=approve,
            note=d["note"],
        ),
    )


@login_required
@require_POST
def petition_conclude(request, pk: int):
    return _step_view(
        request,
        pk,
        ConclusionForm(request.POST),
        "已办结。",
        lambda petition, d: actions.conclude_petition(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            outcome=d["outcome"],
            decision_text=d["decision_text"],
            legal_basis=d["legal_basis"],
            replied_on=d["replied_on"],
            delivery=d["delivery"],
            amount_recovered=d["amount_recovered"],
        ),
    )


@login_required
@require_POST
def petition_rate(request, pk: int):
    return _step_view(
        request,
        pk,
        RatingForm(request.POST),
        "已录入满意度评价。",
        lambda petition, d: actions.rate_petition(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            rating=d["rating"],
            method=d["method"],
            rated_on=d["rated_on"],
        ),
    )


@login_required
@require_POST
def petition_supervise(request, pk: int):
    return _step_view(
        request,
        pk,
        SupervisionForm(request.POST),
        "已督办。",
        lambda petition, d: actions.supervise_petition(
            petition=petition, by=request.user, note=d["note"], due_on=d["due_on"]
        ),
    )
