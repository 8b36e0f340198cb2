"""Workflow steps taken from the petition page. Every one has the same shape (``_step_view``): scoped fetch,
form, one action call, a message, back to the page."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

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
from ..models import IntakeDecision, Petition


def _step_view(request, pk: int, make_form, success: str | Callable[[Any], str], call) -> HttpResponse:
    """Scoped fetch, then the shared step shape (``lib.steps.run_step``). ``make_form(petition)`` builds the bound
    form; ``call(petition, cleaned_data)`` calls the action."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("org"), pk=pk)
    return run_step(request, petition, make_form(petition), success, call, "petitions:detail")


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
        lambda petition, d: actions.correct_petition(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            changes={name: d[name] for name in actions.CORRECTABLE},
            reason=d["reason"],
        ),
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
        lambda petition, d: actions.decide_intake(
            petition=petition,
            by=request.user,
            decision=d["decision"],
            expected_version=d["version"],
            reason=d["reason"],
            reason_code=d["reason_code"],
            transferred_to_id=d["transferred_to"].pk if d["transferred_to"] else None,
            transferred_to_name=d["transferred_to_name"],
            decided_on=d["decided_on"],
            competent_body=d["competent_body"],
        ),
    )


@login_required
@require_POST
def petition_assign(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: AssignForm(request.POST, petition=p),
        lambda created: f"已交办：{'、'.join(str(a.org) for a in created)}。",
        lambda petition, d: actions.assign_petition(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            units=AssignForm.units_from(d),
            instructions=d["instructions"],
        ),
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
        lambda petition, d: actions.return_assignment(
            assignment=_assignment(petition, assignment_pk),
            by=request.user,
            reason=d["reason"],
            note=d["note"],
            expected_version=d["version"],
        ),
    )


@login_required
@require_POST
def assignment_finish(request, pk: int, assignment_pk: int):
    return _step_view(
        request,
        pk,
        lambda p: FinishAssignmentForm(request.POST),
        "已反馈办理结果。",
        lambda petition, d: actions.finish_assignment(
            assignment=_assignment(petition, assignment_pk), by=request.user, report=d["report"]
        ),
    )


@login_required
@require_POST
def petition_note(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: NoteForm(request.POST, request.FILES),
        "已保存办理记录。",
        lambda petition, d: actions.add_handling_note(
            petition=petition,
            by=request.user,
            kind=d["kind"],
            text=d["text"],
            happened_on=d["happened_on"],
            files=d["attachments"],
        ),
    )


@login_required
@require_POST
def petition_extension_request(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ExtensionForm(request.POST),
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
        lambda p: ExtensionDecisionForm(request.POST),
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
        lambda p: ConclusionForm(request.POST),
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
        lambda p: RatingForm(request.POST),
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
def petition_reopen(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReopenForm(request.POST),
        "已决定重新办理，办理期限重新计算。",
        lambda petition, d: actions.reopen_petition(
            petition=petition, by=request.user, expected_version=d["version"], reason=d["reason"]
        ),
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
        lambda petition, d: actions.request_review(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            body_id=d["body"],
            requested_on=d["requested_on"],
            received_on=d["received_on"],
            request_text=d["request_text"],
        ),
    )


@login_required
@require_POST
def petition_review_decide(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: ReviewDecisionForm(request.POST),
        lambda review: f"已录入{review.get_level_display()}意见。",
        lambda petition, d: actions.decide_review(
            petition=petition,
            by=request.user,
            expected_version=d["version"],
            result=d["result"],
            decision_text=d["decision_text"],
            decided_on=d["decided_on"],
        ),
    )


@login_required
@require_POST
def petition_hearing(request, pk: int):
    """Start or end a hearing (听证): the review clock pauses, then resumes with the due date moved."""
    start = "start" in request.POST
    action = actions.start_hearing if start else actions.end_hearing
    return _step_view(
        request,
        pk,
        lambda p: HearingForm(request.POST),
        "听证开始，期限暂停计算。" if start else "听证结束，期限已顺延。",
        lambda petition, d: action(petition=petition, by=request.user, on=d["on"]),
    )


@login_required
@require_POST
def petition_supervise(request, pk: int):
    return _step_view(
        request,
        pk,
        lambda p: SupervisionForm(request.POST),
        "已督办。",
        lambda petition, d: actions.supervise_petition(
            petition=petition, by=request.user, note=d["note"], due_on=d["due_on"]
        ),
    )
