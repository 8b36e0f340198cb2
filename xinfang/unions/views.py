"""The unions ledger's pages: the list (filters, keyset pages, totals), a union's page with its steps, the
registration page, the 第十一条 working list. Each page fetches through the scope rule and calls the actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.steps import add_action_errors, form_errors, input_from
from xinfang.orgs.models import find_employer

from . import actions, organising
from .forms import (
    BatchFilterForm,
    BatchForm,
    CoverageEndForm,
    CoverageForm,
    EndForm,
    HeadcountForm,
    ObligationFilterForm,
    UnionEditForm,
    UnionFilterForm,
    UnionForm,
    chosen_batches,
)
from .inputs import CoverageEndIn, CoverageIn, HeadcountIn, MemberBatchIn, UnionEditIn, UnionEndIn, UnionIn
from .models import BatchKind, Coverage, GrassrootsUnion, Origin
from .workflow import FLOW

PAGE_SIZE = 50


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("totals", None)
    return query.urlencode()


@login_required
def union_list(request):
    filters = UnionFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    scoped = GrassrootsUnion.objects.visible_to(request.user).matching(**chosen)
    # The totals run over the whole filtered list (at 100,000 unions, most of the page's time): the page asks for
    # them once shown (htmx, ``totals=1``), so that the rows come first; without htmx, the link asks (as the kit).
    totals = None
    if request.GET.get("totals"):
        totals = scoped.aggregate(count=Count("pk"), workers=Sum("workers"), members=Sum("members"))
        if request.htmx:
            return render(request, "unions/_totals.html", {"totals": totals})
    page = paginate(scoped.for_list(), field="founded_on", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    return render(
        request,
        "unions/union_list.html",
        {
            "filters": filters,
            "page": page,
            "totals": totals,
            "query": _query(request),
        },
    )


@login_required
def batch_list(request):
    """Member batches (发展会员 / 会员转出) across the unions the user sees: filters, keyset pages newest first,
    totals by kind (asked for once the rows are shown, as the unions list), and the Excel export of the same."""
    filters = BatchFilterForm(request.GET or None, user=request.user)
    chosen = chosen_batches(filters)
    totals = None
    if request.GET.get("totals"):
        sums = chosen.totals()
        totals = [
            {
                "label": label,
                "batches": sums[f"{kind}_batches"],
                "count": sums[f"{kind}_count"],
                "migrant_workers": sums[f"{kind}_migrant_workers"],
                "women": sums[f"{kind}_women"],
            }
            for kind, label in BatchKind.choices
        ]
        if request.htmx:
            return render(request, "unions/_batch_totals.html", {"totals": totals})
    page = paginate(chosen.for_list(), field="on", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    return render(
        request,
        "unions/batch_list.html",
        {"filters": filters, "page": page, "totals": totals, "query": _query(request)},
    )


@login_required
def union_create(request):
    if not request.user.can("unions.record"):
        raise PermissionDenied
    form = UnionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = input_from(
            form, UnionIn, form.input_data(), fields={"org_id": "org", "approved_by_id": "approved_by"}
        )
        if data is not None:
            register = (
                actions.record_transfer_in
                if form.cleaned_data["origin"] == Origin.TRANSFERRED_IN
                else actions.register_union
            )
            try:
                union = register(by=request.user, data=data)
            except ValidationError as e:
                add_action_errors(form, e)
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, f"已登记“{union.name}”。")
                return redirect("unions:detail", pk=union.pk)
    return render(request, "unions/union_form.html", {"form": form})


@login_required
def union_edit(request, pk: int):
    """The union's own fields, at the version the page was loaded: an edit saved meanwhile by someone else makes
    the action refuse (``Conflict``), so nobody's change is overwritten unseen."""
    union = get_object_or_404(GrassrootsUnion.objects.visible_to(request.user), pk=pk)
    try:
        FLOW.check(union, "edit", request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("unions:detail", pk=pk)
    form = UnionEditForm(request.POST or None, initial=_edit_initial(union))
    if request.method == "POST" and form.is_valid():
        data = input_from(form, UnionEditIn, form.input_data(), fields={"approved_by_id": "approved_by"})
        if data is not None:
            try:
                actions.edit_union(union=union, by=request.user, data=data)
            except ValidationError as e:
                add_action_errors(form, e)
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "已保存修改。")
                return redirect("unions:detail", pk=pk)
    return render(request, "unions/union_edit.html", {"form": form, "union": union})


def _edit_initial(union: GrassrootsUnion) -> dict:
    return {name: getattr(union, name) for name in UnionEditForm.base_fields if name != "approved_by"} | {
        "approved_by": union.approved_by_id
    }


@login_required
def union_detail(request, pk: int):
    union = get_object_or_404(
        GrassrootsUnion.objects.visible_to(request.user).select_related("org", "approved_by", "merged_into"),
        pk=pk,
    )
    allowed = FLOW.allowed(union, request.user)
    return render(
        request,
        "unions/union_detail.html",
        {
            "union": union,
            "allowed": allowed,
            "coverages": union.coverages.select_related("employer").order_by("end_on", "-start_on")[:200],
            "batches": union.batches.order_by("-on", "-pk")[:50],
            "events": union.events.select_related("by").order_by("at", "id"),
            "headcount": HeadcountForm(
                initial={"version": union.version, "workers": union.workers, "members": union.members}
            ),
            # Own ids: the head count's form on the same page has fields named workers and members too.
            "cover": CoverageForm(auto_id="cover_%s"),
            "batch": BatchForm(),
            "end": EndForm(initial={"version": union.version}, auto_id="end_%s"),
            "end_coverage": CoverageEndForm(),
        },
    )


def _step(request, pk: int, form_class, call):
    """A step posted from the union's page: the form's data turned into the action's input, one action call."""
    union = get_object_or_404(GrassrootsUnion.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("unions:detail", pk=pk)
    try:
        text = call(union, form)
    except ValidationError as e:
        messages.error(
            request,
            "；".join(m for ms in e.message_dict.values() for m in ms)
            if hasattr(e, "error_dict")
            else "；".join(e.messages),
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        if text:
            messages.success(request, text)
    return redirect("unions:detail", pk=pk)


def _model(form, model, data: dict):
    built = input_from(form, model, data)
    if built is None:
        raise ValidationError(form_errors(form))
    return built


@require_POST
@login_required
def union_headcount(request, pk: int):
    def call(union, form):
        actions.record_headcount(
            union=union, by=request.user, data=_model(form, HeadcountIn, form.cleaned_data)
        )
        return "已更新人数。"

    return _step(request, pk, HeadcountForm, call)


@require_POST
@login_required
def union_cover(request, pk: int):
    def call(union, form):
        text = form.cleaned_data["employer"].strip()
        employer = find_employer(name=text, credit_code=text if len(text) == 18 else "", by=request.user)
        if employer is None:
            raise ValidationError({"employer": [f"用人单位名录中没有“{text}”，请先在用人单位名录中登记。"]})
        data = {k: v for k, v in form.cleaned_data.items() if k != "employer"} | {"employer_id": employer.pk}
        actions.cover_employer(union=union, by=request.user, data=_model(form, CoverageIn, data))
        return f"已覆盖{employer.name}。"

    return _step(request, pk, CoverageForm, call)


@require_POST
@login_required
def union_uncover(request, pk: int):
    def call(union, form):
        coverage = get_object_or_404(Coverage, pk=form.cleaned_data["coverage"], union=union)
        actions.end_coverage(
            coverage=coverage,
            by=request.user,
            data=_model(form, CoverageEndIn, {"end_on": form.cleaned_data["end_on"]}),
        )
        return "已终止覆盖。"

    return _step(request, pk, CoverageEndForm, call)


@require_POST
@login_required
def union_batch(request, pk: int):
    def call(union, form):
        actions.record_batch(
            by=request.user, data=_model(form, MemberBatchIn, form.cleaned_data | {"union_id": union.pk})
        )
        return "已登记。"

    return _step(request, pk, BatchForm, call)


@require_POST
@login_required
def union_end(request, pk: int):
    def call(union, form):
        name = form.cleaned_data["merged_into"].strip()
        target = None
        if name:
            target = GrassrootsUnion.objects.visible_to(request.user).filter(name=name).first()
            if target is None:
                raise ValidationError({"merged_into": [f"您管辖范围内没有名为“{name}”的基层工会。"]})
        data = {
            "ended_on": form.cleaned_data["ended_on"],
            "version": form.cleaned_data["version"],
            "merged_into_id": target.pk if target else None,
        }
        ended = actions.end_union(union=union, by=request.user, data=_model(form, UnionEndIn, data))
        return f"已{ended.get_status_display()}。"

    return _step(request, pk, EndForm, call)


def _seek(qs, cursor: str | None, size: int):
    """Keyset pages of employers, largest first: (employees, id) descending, an unknown head count last; the cursor
    is "<employees>.<id>" of the last row shown."""
    qs = qs.annotate(size=Coalesce("employees", -1)).order_by("-size", "-pk")
    try:
        size_at, pk_at = (int(part) for part in (cursor or "").split(".", 1))
    except ValueError:
        pass
    else:
        qs = qs.filter(Q(size__lt=size_at) | Q(size=size_at, pk__lt=pk_at))
    rows = list(qs[: size + 1])
    if len(rows) > size:
        last = rows[size - 1]
        return rows[:size], f"{last.size}.{last.pk}"
    return rows, None


@login_required
def obligations(request):
    """第十一条: the organisers' working list, in the user's scope."""
    if not request.user.can("unions.record") and not request.user.can("figures.read_year"):
        raise Http404
    form = ObligationFilterForm(request.GET or None)
    which = (form.cleaned_data.get("which") if form.is_valid() else "") or "short"
    threshold = organising.threshold()
    context = {
        "form": form,
        "which": which,
        "threshold": threshold,
        "query": _query(request),
        "rates": organising.rates(request.user),
    }
    if which == "short":
        short = organising.short_of_committee(request.user)
        context["coverages"] = list(short[:500])
        context["count"] = short.count()
    else:
        qs = (
            organising.without_union(request.user) if which == "none" else organising.unrecorded(request.user)
        )
        context["count"] = qs.count()
        context["count_obligated"] = qs.filter(employees__gte=threshold).count()
        rows, cursor = _seek(
            qs.select_related("org").only("pk", "name", "employees", "industry", "address", "org__name"),
            request.GET.get("cursor"),
            PAGE_SIZE,
        )
        context["employers"], context["next_cursor"] = rows, cursor
    return render(request, "unions/obligations.html", context)
