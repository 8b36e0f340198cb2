from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from .models import Employer
from .sections import employer_sections


@login_required
def employer_list(request):
    q = request.GET.get("q", "")
    employers = (
        Employer.objects.visible_to(request.user)
        .active()
        .search(q)
        .select_related("org")
        .order_by("name")[:100]
    )
    return render(request, "orgs/employer_list.html", {"employers": employers, "q": q})


@login_required
def employer_search(request):
    """htmx: employer suggestions for the registration form (names containing the text, that credit code, or
    close names); ``picker=multi``: for a list of registered employers (``orgs/widgets.py``), where a name not
    found is not registered on saving."""
    q = request.GET.get("employer_name", "").strip()
    multi = request.GET.get("picker") == "multi"
    employers = (
        Employer.objects.visible_to(request.user).suggest(q).order_by("name")[:8] if len(q) >= 2 else []
    )
    return render(request, "orgs/_employer_options.html", {"employers": employers, "q": q, "multi": multi})


@login_required
def employer_detail(request, pk: int):
    """The employer's data, then each ledger's section (orgs/sections.py) in order."""
    employer = get_object_or_404(Employer.objects.visible_to(request.user).select_related("org"), pk=pk)
    if employer.merged_into_id is not None:
        return redirect("orgs:employer_detail", pk=employer.merged_into_id)
    sections = [
        (section, section.context(employer, request.user, request.GET)) for section in employer_sections()
    ]
    return render(request, "orgs/employer_detail.html", {"employer": employer, "sections": sections})
