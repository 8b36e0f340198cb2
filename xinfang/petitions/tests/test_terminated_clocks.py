"""Termination stops every clock of a case; migration 0014 stops those left running by the old termination."""

from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from xinfang.petitions.models import Clock, ClockKind, Status, TerminationReason

migration = import_module("xinfang.petitions.migrations.0014_stop_clocks_of_terminated_petitions")


def test_the_migration_stops_the_clocks_left_running_on_terminated_cases_only(registrar, make_petition):
    terminated, open_case = make_petition(registrar), make_petition(registrar)
    ended_on = timezone.localdate() - timedelta(days=3)
    type(terminated).objects.filter(pk=terminated.pk).update(
        status=Status.TERMINATED, terminated_on=ended_on, termination_reason=TerminationReason.RE_REVIEWED
    )
    Clock.objects.create(
        petition=terminated,
        kind=ClockKind.RATING,
        started_on=ended_on,
        days=30,
        due_on=ended_on + timedelta(30),
    )
    migration.stop_clocks_of_terminated(apps, None)
    assert not Clock.objects.filter(petition=terminated, stopped_at__isnull=True).exists()
    stopped = Clock.objects.filter(petition=terminated, kind=ClockKind.RATING).get()
    assert timezone.localdate(stopped.stopped_at) == ended_on and stopped.stopped_late is False
    assert Clock.objects.filter(petition=open_case, stopped_at__isnull=True).exists()
