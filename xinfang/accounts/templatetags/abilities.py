"""``{% if user|can:"petitions.register" %}``: the pages ask the abilities vocabulary, never a role (a builtin in
settings.TEMPLATES, so no template loads it)."""

from django import template

from ..abilities import ability

register = template.Library()


@register.filter
def can(user, name: str) -> bool:
    """Whether the signed-in user has the ability; an anonymous user has none. An unknown name raises, signed in
    or not."""
    ability(name)
    return bool(getattr(user, "is_authenticated", False)) and user.can(name)
