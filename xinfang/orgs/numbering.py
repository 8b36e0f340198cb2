"""Gap-free yearly sequence numbers per federation (信访编号, 调解案件编号)."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from .models import Org


def next_seq(counter: type[models.Model], *, federation: Org, year: int) -> int:
    """Take the next number of ``counter`` (a model with federation, year and last_seq). Must run inside the
    registering transaction: the row stays locked by the UPDATE until it commits, so two registrars saving at
    once never get the same number and a rolled-back registration leaves no gap."""
    try:
        with transaction.atomic():
            counter._default_manager.get_or_create(federation=federation, year=year)
    except IntegrityError:
        pass  # created at the same moment by another registrar
    rows = counter._default_manager.filter(federation=federation, year=year)
    rows.update(last_seq=F("last_seq") + 1)
    return rows.values_list("last_seq", flat=True).get()


def keep_seq(counter: type[models.Model], *, federation: Org, year: int, seq: int) -> None:
    """A number kept from an import (``seq`` of ``year``): the counter moves past it (never back), so that the
    next number taken follows it and never clashes; the numbers skipped below it stay unused."""
    try:
        with transaction.atomic():
            counter._default_manager.get_or_create(federation=federation, year=year)
    except IntegrityError:
        pass
    counter._default_manager.filter(federation=federation, year=year).update(
        last_seq=Greatest(F("last_seq"), seq)
    )
