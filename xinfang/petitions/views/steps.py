"""Workflow steps taken from the petition page. Every one has the same shape (``_step_view``): scoped fetch,
form, its cleaned data turned into the action's input model, one action call, a message, back to the page."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from ninja import Schema

from xinfang.lib.steps import run_step

from .. import actions
from ..forms import (
    AssignForm,
    ConclusionForm,
    CorrectionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FinishAssignmentForm,
    HearingForm,
    IntakeDecisionForm,
    NoteForm,
    RatingForm,
    ReopenForm,
    ReturnForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SupervisionForm,
    TakeForm,
)
from ..inputs import (
    AssignIn,
    ConclusionIn,
    CorrectionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    FinishIn,
    HearingIn,
    IntakeDecisionIn,
    NoteIn,
    RatingIn,
    ReopenIn,
    ReturnIn,
    ReviewDecisionIn,
    ReviewRequestIn,
    SupervisionIn,
)
from ..models import IntakeDecision, Petition


def _step_view(
    request,
    pk: int,
    make_form,
    success: str | Callable[[Any], str],
    call,
    model: type[Schema] | None = None,
    data: Callable[[dict], dict] | None = None,
) -> HttpResponse:
    """Scoped fetch, then the shared step shape (``lib.steps.run_step``). ``make_form(petition)`` builds the bound
    form; its cleaned data (``data(cleaned_data)`` where the names differ) becomes ``model``, the action's input;
    ``call(petition, input)`` calls the action."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("org"), pk=pk)
    return run_step(
        request, petition, make_form(petition), success, call, "petitions:detail", model=model, data=data
    )


def _assignment(petition: Petition, assignment_pk: int):
    return get_object_or_404(petition.assignments.select_related("org", "petition__org"), pk=assignment_pk)


@login_required
@require_POST
def petition_correct(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: CorrectionForm(request.POST),
        "登记信息已更正。",
        lambda petition, data: actions.correct_petition(petition=petition, by=request.user, data=data),
        CorrectionIn,
    )


@login_required
@require_POST
def petition_decide(request, pk: int):
    """Record the intake decision (受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序)."""
    decision = request.POST.get("decision")
    label = IntakeDecision(decision).label if decision in IntakeDecision.values else ""
    return _step_view(
        request,
        pk,
        lambda p: IntakeDecisionForm(request.POST, decisions=IntakeDecision.choices, petition=p),
        f"已记录受理决定：{label}。",
        lambda petition, data: actions.decide_intake(petition=petition, by=request.user, data=data),
        IntakeDecisionIn,
        lambda d: d | {"transferred_to_id": d["transferred_to"].pk if d["transferred_to"] else None},
    )


@login_required
@require_POST
def petition_assign(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: AssignForm(request.POST, petition=p),
        lambda created: f"已交办：{'、'.join(str(a.org) for a in created)}。",
        lambda petition, data: actions.assign_petition(petition=petition, by=request.user, data=data),
        AssignIn,
        AssignForm.input_data,
    )


@login_required
@require_POST
def assignment_take(request, pk: int, assignment_pk: int):
    return _step_view(
        request,
        pk,
        lambda p: TakeForm(request.POST),
        "已签收。",
        lambda petition, d: actions.take_assignment(
            assignment=_assignment(petition, assignment_pk), by=request.user, expected_version=d["version"]
        ),
    )


@login_required
@require_POST
def assignment_return(request, pk: int, assignment_pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReturnForm(request.POST),
        "已退回交办单位。",
        lambda petition, data: actions.return_assignment(
            assignment=_assignment(petition, assignment_pk), by=request.user, data=data
        ),
        ReturnIn,
    )


@login_required
@require_POST
def assignment_finish(request, pk: int, assignment_pk: int):
    return _step_view(
        request,
        pk,
        lambda p: FinishAssignmentForm(request.POST),
        "已反馈办理结果。",
        lambda petition, data: actions.finish_assignment(
            assignment=_assignment(petition, assignment_pk), by=request.user, data=data
        ),
        FinishIn,
    )


@login_required
@require_POST
def petition_note(request, pk: int):
    form = NoteForm(request.POST, request.FILES)
    return _step_view(
        request,
        pk,
        lambda p: form,
        "已保存办理记录。",
        lambda petition, data: actions.add_handling_note(
            petition=petition, by=request.user, data=data, files=form.cleaned_data["attachments"]
        ),
        NoteIn,
    )


@login_required
@require_POST
def petition_extension_request(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ExtensionForm(request.POST),
        "已提交延期申请。",
        lambda petition, data: actions.request_extension(petition=petition, by=request.user, data=data),
        ExtensionIn,
    )


@login_required
@require_POST
def petition_extension_decide(request, pk: int, extension_pk: int):
    approve = "approve" in request.POST
    return _step_view(
        request,
        pk,
        lambda p: ExtensionDecisionForm(request.POST),
        "已批准延期。" if approve else "已不批准延期。",
        lambda petition, data: actions.decide_extension(
            extension=get_object_or_404(petition.extensions.all(), pk=extension_pk),
            by=request.user,
            data=data,
        ),
        ExtensionDecisionIn,
        lambda d: d | {"approve": approve},
    )


@login_required
@require_POST
def petition_conclude(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ConclusionForm(request.POST),
        "已办结。",
        lambda petition, data: actions.conclude_petition(petition=petition, by=request.user, data=data),
        ConclusionIn,
    )


@login_required
@require_POST
def petition_rate(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: RatingForm(request.POST),
        "已录入满意度评价。",
        lambda petition, data: actions.rate_petition(petition=petition, by=request.user, data=data),
        RatingIn,
    )


@login_required
@require_POST
def petition_reopen(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReopenForm(request.POST),
        "已决定重新办理，办理期限重新计算。",
        lambda petition, data: actions.reopen_petition(petition=petition, by=request.user, data=data),
        ReopenIn,
    )


@login_required
@require_POST
def petition_review_request(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReviewRequestForm(request.POST, bodies=actions.review_bodies(p)),
        lambda review: (
            f"已登记{review.get_level_display()}申请。"
            + ("注意：该申请已超过申请期限。" if review.is_late else "")
        ),
        lambda petition, data: actions.request_review(petition=petition, by=request.user, data=data),
        ReviewRequestIn,
        lambda d: d | {"body_id": d["body"]},
    )


@login_required
@require_POST
def petition_review_decide(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReviewDecisionForm(request.POST),
        lambda review: f"已录入{review.get_level_display()}意见。",
        lambda petition, data: actions.decide_review(petition=petition, by=request.user, data=data),
        ReviewDecisionIn,
    )


@login_required
@require_POST
def petition_hearing(request, pk: int):
    """Start or end a hearing (听证): the review clock pauses, then resumes with the due date moved."""
    start = "start" in request.POST
    return _step_view(
        request,
        pk,
        lambda p: HearingForm(request.POST),
        "听证开始，期限暂停计算。" if start else "听证结束，期限已顺延。",
        lambda petition, data: actions.record_hearing(petition=petition, by=request.user, data=data),
        HearingIn,
        lambda d: d | {"action": "start" if start else "end"},
    )


@login_required
@require_POST
def petition_supervise(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: SupervisionForm(request.POST),
        "已督办。",
        lambda petition, data: actions.supervise_petition(petition=petition, by=request.user, data=data),
        SupervisionIn,
    )
