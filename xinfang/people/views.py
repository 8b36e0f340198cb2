from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from xinfang.lib import idnumber
from xinfang.lib.exceptions import ActionError

from .models import Person
from .privacy import reveal_number
from .sections import person_sections


@login_required
def person_detail(request, pk: int):
    """The person's data, then each ledger's section (people/sections.py) in order."""
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("employer"), pk=pk)
    sections = [(section, section.context(person, request.user)) for section in person_sections()]
    return render(request, "people/person_detail.html", {"person": person, "sections": sections})


@login_required
@require_POST
def person_reveal(request, pk: int, field: str):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    try:
        value = reveal_number(
            user=request.user, person=person, field=field, context="人员页面", request=request
        )
    except ActionError as e:
        return HttpResponse(e.message, status=403)
    return render(request, "people/_revealed.html", {"value": value})


@login_required
def person_lookup(request):
    """htmx: as the registrar types an ID number, say whether the person is already on file."""
    # The form sends the field under its formset name (p-0-id_number).
    raw = next((v for k, v in request.GET.items() if k.endswith("id_number")), "")
    number = idnumber.normalize(raw)
    context: dict = {"number": number}
    if number:
        try:
            idnumber.validate_id_number(number)
        except ValidationError as e:
            context["error"] = e.messages[0]
        else:
            # Name and masked phone only for a person within scope. Otherwise the answer is the same as for a
            # number not on file: whether someone elsewhere (a confidential accuser, say) has it is not told.
            context["person"] = Person.objects.visible_to(request.user).filter(id_number=number).first()
    return render(request, "people/_lookup_hint.html", context)
