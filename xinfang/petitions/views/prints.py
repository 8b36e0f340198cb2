"""Printed papers of a petition: the 信访登记表 kept on file and the receipt (回执) handed to the petitioner, with
the petition number and how to follow it up (the office's phone and desk hours: policies an administrator edits).
Both name the petitioners, so they are shown only to who may see them; numbers stay masked."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from xinfang.audit.models import AccessAction, log_access
from xinfang.policies.models import policy, policy_text

from ..models import Petition


def _printable(request, pk: int) -> Petition:
    """The petition through its scope rule; 404 also when the user may not see its petitioners."""
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "category__parent", "employer", "org", "source_org", "registered_by", "transferred_to"
        ),
        pk=pk,
    )
    if not petition.identity_visible_to(request.user):
        raise Http404
    if petition.is_confidential:
        log_access(
            user=request.user,
            action=AccessAction.VIEW_CONFIDENTIAL,
            obj=petition,
            request=request,
            detail="打印",
        )
    return petition


def _follow_up() -> dict:
    return {
        "office_phone": policy_text("office_phone"),
        "office_hours": policy_text("office_hours"),
        "intake_days": policy("intake_notice_days"),
    }


@login_required
def petition_sheet(request, pk: int):
    """信访登记表: the registration as it stands, for the paper file."""
    petition = _printable(request, pk)
    return render(
        request,
        "petitions/petition_sheet.html",
        {
            "petition": petition,
            "petitioners": list(petition.petitioners.all()),
            "printed_at": timezone.localtime(),
            **_follow_up(),
        },
    )


@login_required
def petition_receipt(request, pk: int):
    """回执: what the petitioner takes home (the number, what happens next, how to ask)."""
    petition = _printable(request, pk)
    return render(
        request,
        "petitions/petition_receipt.html",
        {
            "petition": petition,
            "petitioners": list(petition.petitioners.all()),
            "printed_on": timezone.localdate(),
            **_follow_up(),
        },
    )
