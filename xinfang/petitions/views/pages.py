"""The petition list, registration, the petition page and the reveal of a number."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.audit.models import AccessAction, log_access
from xinfang.documents.registry import templates
from xinfang.idempotency.keys import form_token, remember_form_token, used_form_token
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate_parts
from xinfang.lib.related import related_links
from xinfang.lib.steps import add_action_errors, input_from
from xinfang.people.models import Person
from xinfang.people.privacy import reveal_number

from .. import actions, letters
from ..actions.registration import repeat_notice
from ..forms import (
    AssignForm,
    ConclusionForm,
    CorrectionForm,
    DocumentForm,
    ExtensionForm,
    FinishAssignmentForm,
    HearingForm,
    IntakeDecisionForm,
    NoteForm,
    PetitionerFormSet,
    PetitionFilterForm,
    PetitionForm,
    RatingForm,
    ReopenForm,
    ReturnForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SupervisionForm,
)
from ..inputs import PetitionerIn, PetitionIn
from ..models import IntakeDecision, Petition, Petitioner, show_names
from ..workflow import RECORD, allowed_steps, is_owner
from .files import attachments_for, documents_for

PAGE_SIZE = 30


@login_required
def petition_list(request):
    form = PetitionFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    parts = [
        p.matching(request.user, **filters).for_list() for p in Petition.objects.visible_parts(request.user)
    ]
    page = paginate_parts(parts, field="received_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    show_names(page.items, request.user)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "petitions/_petition_table.html" if request.htmx else "petitions/petition_list.html"
    return render(request, template, context)


@login_required
def petition_create(request):
    if not request.user.can("petitions.register"):
        messages.error(request, "您的角色不能登记信访件。")
        return redirect("home")
    # "保存并继续登记" comes back with the channel and source kept, for a run of calls or letters.
    keep = {k: request.GET[k] for k in ("channel", "source", "kind") if k in request.GET}
    return registration_page(
        request, initial=keep, register=lambda data: actions.register_petition(by=request.user, data=data)
    )


def registration_page(
    request,
    *,
    initial: dict,
    register: Callable[[PetitionIn], Petition],
    petitioners: list[dict] | None = None,
    notice: str = "",
) -> HttpResponse:
    """The registration form and its submission. ``register`` is the one action call: ``register_petition``, or,
    for a record of a later ledger turned into a petition (its own page, which checks the user may register),
    that ledger's action registering and linking in one transaction; ``notice`` then says so above the form."""
    if request.method == "POST" and (first := used_form_token(request)):
        # The same rendered form sent again (a double click, a resend after a timeout): registered once.
        messages.info(request, "该登记表已提交过，信访件已登记，未重复登记。")
        return redirect(first)
    form = PetitionForm(request.POST or None, user=request.user, initial=initial)
    # Prefilled rows only on the blank form: a posted row equal to its initial would count as left empty.
    prefill = petitioners if request.method == "GET" else None
    formset = PetitionerFormSet(request.POST or None, prefix="p", initial=prefill or None)
    data = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Each petitioner's row, then the whole, through the action's input model (its refusals as field errors).
        people = [input_from(f, PetitionerIn) for f in formset.forms if f.cleaned_data]
        given = [p for p in people if p is not None]
        if len(given) == len(people):
            data = input_from(form, PetitionIn, form.input_data(given), fields=form.INPUT_FIELDS)
    if data is not None:
        try:
            with transaction.atomic():
                petition = register(data)
                remember_form_token(request, reverse("petitions:detail", args=[petition.pk]))
        except IntegrityError:
            if not (first := used_form_token(request)):
                raise
            messages.info(request, "该登记表已提交过，信访件已登记，未重复登记。")
            return redirect(first)
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
    token = request.POST.get("form_token") or form_token()  # kept while the form is corrected
    return render(
        request,
        "petitions/petition_form.html",
        {"form": form, "formset": formset, "form_token": token, "notice": notice},
    )


@login_required
def petition_detail(request, pk: int):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "category__parent",
            "employer",
            "org",
            "source_org",
            "registered_by",
            "repeat_of",
            "transferred_to",
        ),
        pk=pk,
    )
    user = request.user
    identity_visible = petition.identity_visible_to(user)
    if petition.is_confidential:
        log_access(
            user=user,
            action=AccessAction.VIEW_CONFIDENTIAL,
            obj=petition,
            request=request,
            detail="" if identity_visible else "身份信息已隐藏",
        )
    assignments = list(petition.assignments.select_related("org", "assigned_by", "taken_by"))
    parties = list(petition.petitioners.all()) if identity_visible else []
    visible_person_ids = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[p.person_id for p in parties])
        .values_list("pk", flat=True)
    )
    mine = _my_assignment(assignments, user)
    names = set(allowed_steps(petition, user, mine))
    document_kinds = _document_kinds(petition, user)
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "petitioners": parties,
            "visible_person_ids": visible_person_ids,
            "repeat": repeat_notice(petition, user),
            "identity_visible": identity_visible,
            "is_owner": is_owner(petition, user),
            "events": petition.events.select_related("by"),
            "clocks": petition.clocks.select_related("assignment__org"),
            "today": timezone.localdate(),
            "assignments": assignments,
            "my_assignment": mine,
            "notes": petition.notes.select_related("by", "assignment__org").prefetch_related("attachments"),
            "reviews": petition.reviews.select_related("body", "recorded_by", "decided_by"),
            # Only what the user may download: a document naming a confidential case's petitioners is not offered.
            "documents": documents_for(petition, user).select_related("generated_by"),
            "allowed_attachments": None
            if identity_visible
            else set(attachments_for(petition, user).values_list("pk", flat=True)),
            "document_kinds": document_kinds,
            # The 调查核实函 of a confidential case is written from a summary the handler types (letters.py).
            "document_summary": DocumentForm()["summary"]
            if any(letters.needs_summary(k, petition) for k, _ in document_kinds)
            else None,
            "extensions": petition.extensions.select_related("requested_by", "decided_by"),
            "related": related_links(petition, user),
            **_step_forms(petition, user, names, mine),
        },
    )


def _my_assignment(assignments, user):
    """The active assignment the user acts through: to his organisation or one below it."""
    org = user.org
    for a in assignments:
        if a.is_active and org is not None and a.org.path.startswith(org.path):
            return a
    return None


def _document_kinds(petition: Petition, user) -> list[tuple[str, str]]:
    if not user.can(RECORD) or not is_owner(petition, user):
        return []
    # Not offered: a document naming the petitioners of a confidential case to one who may not see them.
    identity_visible = petition.identity_visible_to(user)
    return [
        (k, spec.title)
        for k, spec in templates().items()
        if k in letters.TEMPLATES
        and letters.available(k, petition)
        and (identity_visible or not letters.names_petitioner(k, petition))
    ]


def _step_forms(petition: Petition, user, names: set[str], mine) -> dict:
    """A form for each step the user may take now; None for the others."""
    v = {"version": petition.version}
    today = timezone.localdate()
    intake = [(n, label) for n, label in IntakeDecision.choices if n in names]
    review_step = "request_re_review" if "request_re_review" in names else "request_review"
    decide_step = "decide_re_review" if "decide_re_review" in names else "decide_review"
    clock = petition.clocks.filter(kind__in=("review", "re_review"), stopped_at__isnull=True).first()
    return {
        "decision_form": IntakeDecisionForm(
            initial=v | {"decided_on": today}, decisions=intake, petition=petition
        )
        if intake
        else None,
        "assign_form": AssignForm(initial=v, petition=petition) if "assign" in names else None,
        "return_form": ReturnForm(initial=v) if "return" in names else None,
        "can_take": "take" in names and mine is not None and mine.status == "pending",
        "finish_form": FinishAssignmentForm()
        if "finish_assignment" in names and mine and mine.status == "taken"
        else None,
        "note_form": NoteForm(initial={"happened_on": today}) if "add_note" in names else None,
        "extension_form": ExtensionForm() if "request_extension" in names else None,
        "can_decide_extension": "decide_extension" in names,
        "conclusion_form": ConclusionForm(initial=v | {"replied_on": today}) if "conclude" in names else None,
        "rating_form": RatingForm(initial=v | {"rated_on": today})
        if "rate" in names and user.pk != petition.concluded_by_id
        else None,
        "reopen_form": ReopenForm(initial=v)
        if "reopen" in names and petition.rating == "dissatisfied"
        else None,
        "review_form": ReviewRequestForm(
            initial=v | {"requested_on": today, "received_on": today}, bodies=actions.review_bodies(petition)
        )
        if review_step in names
        else None,
        "review_decision_form": ReviewDecisionForm(initial=v | {"decided_on": today})
        if decide_step in names
        else None,
        "hearing_form": HearingForm(initial={"on": today}) if "hearing" in names and clock else None,
        "hearing_clock": clock,
        "supervision_form": SupervisionForm() if "supervise" in names else None,
        "correction": CorrectionForm(
            initial=v
            | {
                "request": petition.request,
                "facts": petition.facts,
                "reasons": petition.reasons,
                "amount": petition.amount,
                "is_urgent": petition.is_urgent,
            },
            closed="correct_closed" in names,
        )
        if names & {"correct", "correct_closed"}
        else None,
    }


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
        # The number as given on this petition, never the shared person's (which may come from elsewhere).
        value = reveal_number(
            user=request.user,
            person=party.person,
            given=party,
            field=field,
            context=f"信访件 {petition.number}",
            request=request,
        )
    except ActionError as e:
        return HttpResponse(e.message, status=403)
    return render(request, "people/_revealed.html", {"value": value})
