"""Scope columns for records owned by an organisation (petitions, mediations, consultations …).

Each record carries the ids of its owning organisation's ancestors by tree level (``org_level1..4``, read off the
organisation's materialised path), so "owned by this organisation or below it" is ``org_level<depth> = org`` —
an ordered index seek on ``(org_level<d>, <date>, id)`` for every list at every level. The columns are set on
save and rewritten when an organisation moves (``org_moved``).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q

from .models import MAX_SCOPE_DEPTH, Org, ancestor_ids


def levels_of(org: Org) -> list[int | None]:
    levels: list[int | None] = [*ancestor_ids(org.path)[:MAX_SCOPE_DEPTH]]
    return levels + [None] * (MAX_SCOPE_DEPTH - len(levels))


def owned_q(org: Org, prefix: str = "") -> Q:
    """Records owned by ``org`` or any organisation below it (``prefix``: the path to them, e.g. "petition__")."""
    if org.depth <= MAX_SCOPE_DEPTH:
        return Q(**{f"{prefix}org_level{org.depth}": org.pk})
    return Q(**{f"{prefix}org__in": Org.objects.subtree(org).values("pk")})


def owned_parts(user, prefix: str = "") -> list[Q]:
    """``OwnedQuerySet.visible_to`` as conditions (none for a user without an organisation): on the records, or
    with ``prefix`` on records joined to them (a clock table's, walked along its own index)."""
    org = user.org if user.is_authenticated else None
    return [] if org is None else [owned_q(org, prefix)]


class OwnedQuerySet(models.QuerySet):
    """The scope rule of a ledger owned by an organisation: the user's organisation and everything below it."""

    def visible_to(self, user):
        parts = owned_parts(user)
        return self.filter(parts[0]) if parts else self.none()


class OrgScoped(models.Model):
    """An abstract record with an ``org`` foreign key (declared by the subclass) and its scope columns."""

    org_level1 = models.BigIntegerField(null=True, editable=False)
    org_level2 = models.BigIntegerField(null=True, editable=False)
    org_level3 = models.BigIntegerField(null=True, editable=False)
    org_level4 = models.BigIntegerField(null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.set_org_levels()
        super().save(*args, **kwargs)

    def set_org_levels(self) -> None:
        for depth, value in enumerate(levels_of(self.org), start=1):  # type: ignore[attr-defined]
            setattr(self, f"org_level{depth}", value)

    def is_owned_by_org_of(self, user) -> bool:
        """Whether the user's organisation is the owner or above it (no query)."""
        org = user.org
        if org is None:
            return False
        if org.depth <= MAX_SCOPE_DEPTH:
            return getattr(self, f"org_level{org.depth}") == org.pk
        return self.org.path.startswith(org.path)  # type: ignore[attr-defined]


def refresh_org_levels(sender, orgs: list[Org], **kwargs) -> None:
    """Recompute the scope columns of every scoped record of organisations that moved in the tree."""
    scoped = [m for m in apps.get_models() if issubclass(m, OrgScoped)]
    for org in orgs:
        values = {f"org_level{i}": v for i, v in enumerate(levels_of(org), start=1)}
        for model in scoped:
            model._default_manager.filter(**{"org": org}).update(**values)
