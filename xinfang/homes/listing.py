"""The inspection list as a query string filters it: one function for the list page, the export and the API."""

from __future__ import annotations

from collections.abc import Mapping

from .forms import InspectionFilterForm
from .models import Inspection, InspectionQuerySet


def filtered(user, query: Mapping[str, str]) -> InspectionQuerySet:
    """The inspections in the user's scope matching the list's filters (unreadable filters are left out)."""
    form = InspectionFilterForm(query or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return Inspection.objects.visible_to(user).matching(user, **filters)
