from django import template

from ..models import Employer, close_employers

register = template.Library()


@register.simple_tag(takes_context=True)
def close_employers_to(context, name: str | None) -> list[Employer]:
    """The registered employers whose names are close to ``name``, for a registration form sent back with the
    question whether its new employer is one of them (``orgs/_employer_field.html``)."""
    name = (name or "").strip()
    return close_employers(name=name, by=context["request"].user, limit=8) if name else []
