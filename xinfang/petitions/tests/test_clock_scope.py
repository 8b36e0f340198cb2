"""A petition's clocks carry copies of its scope columns (``clocks/scope.py``), so that the 临期 and 超期 queues of
a committee seek its own clocks: the copy must follow the petition wherever it goes, whatever the order of
concurrent steps."""

import threading
from datetime import timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions.actions.clocks import start_clock
from xinfang.petitions.models import Clock, ClockKind, Petition

COLUMNS = ("org_level1", "org_level2", "org_level3", "org_level4")


def scope_of(model, pk) -> tuple:
    return model.objects.filter(pk=pk).values_list(*COLUMNS).get()


def assert_clocks_follow(petition) -> None:
    expected = scope_of(Petition, petition.pk)
    assert {c for c in Clock.objects.filter(petition=petition).values_list(*COLUMNS)} == {expected}


def overdue(petition) -> None:
    Clock.objects.filter(petition=petition).update(due_on=timezone.localdate() - timedelta(days=1))


def overdue_numbers(client, user) -> list[str]:
    client.force_login(user)
    panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    return [row.number for row in panels["超期"]["rows"]]


def test_a_clock_takes_its_petitions_scope_and_follows_it_to_another_committee(
    client, committee, other_committee, committee_registrar, committee_handler, outsider, make_petition
):
    petition = make_petition(committee_registrar)
    assert Clock.objects.get(petition=petition).org_level2 == committee.pk
    overdue(petition)
    assert overdue_numbers(client, committee_handler) == [petition.number]
    assert overdue_numbers(client, outsider) == []

    petition.org = other_committee  # handed over to another committee
    petition.save()
    assert_clocks_follow(petition)
    assert Clock.objects.get(petition=petition).org_level2 == other_committee.pk
    assert overdue_numbers(client, outsider) == [petition.number]
    assert overdue_numbers(client, committee_handler) == []


def test_the_clocks_follow_an_organisation_moved_in_the_tree(
    client, committee, other_committee, committee_registrar, outsider, make_petition
):
    union = Org.objects.create(name="鸿寅电子有限公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
    petition = make_petition(committee_registrar)
    petition.org = union
    petition.save()
    overdue(petition)
    assert scope_of(Clock, Clock.objects.get(petition=petition).pk)[2] == union.pk
    assert overdue_numbers(client, outsider) == []

    union.parent = other_committee
    union.save()  # org_moved: the petitions' scope columns, then their clocks'
    assert_clocks_follow(petition)
    assert Clock.objects.get(petition=petition).org_level2 == other_committee.pk
    assert overdue_numbers(client, outsider) == [petition.number]


def test_a_clock_started_from_a_stale_petition_takes_the_owner_in_the_database(
    committee, other_committee, committee_registrar, committee_handler, make_petition
):
    petition = make_petition(committee_registrar)
    stale = Petition.objects.get(pk=petition.pk)
    moved = Petition.objects.get(pk=petition.pk)
    moved.org = other_committee  # another step, committed after this one read the petition
    moved.save()
    clock = start_clock(
        petition=stale,
        kind=ClockKind.HANDLING,
        trigger_on=timezone.localdate(),
        days=60,
        by=committee_handler,
    )
    assert clock.org_level2 == other_committee.pk
    assert_clocks_follow(petition)


def test_clocks_started_while_the_owner_changes_at_once_end_with_the_petitions_scope(
    committed_db,
    committee,
    other_committee,
    committee_registrar,
    committee_handler,
    make_petition,
):
    petition = make_petition(committee_registrar)
    start = threading.Barrier(2)

    def start_handling():
        start.wait()
        try:
            with transaction.atomic():
                start_clock(
                    petition=Petition.objects.get(pk=petition.pk),
                    kind=ClockKind.HANDLING,
                    trigger_on=timezone.localdate(),
                    days=60,
                    by=committee_handler,
                )
        finally:
            connection.close()

    def hand_over():
        start.wait()
        try:
            with transaction.atomic():
                moved = Petition.objects.get(pk=petition.pk)
                moved.org = other_committee
                moved.save()
        finally:
            connection.close()

    threads = [threading.Thread(target=start_handling), threading.Thread(target=hand_over)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Clock.objects.filter(petition=petition).count() == 2
    assert_clocks_follow(petition)
    assert Clock.objects.filter(petition=petition, org_level2=other_committee.pk).count() == 2


def test_the_deadline_queues_read_together_are_what_each_reads_alone(
    committee, committee_registrar, committee_handler, handler, accepted, make_petition
):
    from xinfang.clocks import queues as deadlines
    from xinfang.petitions.tests.steps import assign, lead

    today = timezone.localdate()
    owned = [make_petition(committee_registrar) for _ in range(4)]
    Clock.objects.filter(petition=owned[0]).update(due_on=today - timedelta(days=3))
    Clock.objects.filter(petition=owned[1]).update(due_on=today + timedelta(days=1))
    assign(accepted, handler, lead(committee))  # its clocks are the committee's through the assignment
    Clock.objects.filter(petition=accepted).update(due_on=today - timedelta(days=1))
    for user in (committee_handler, handler):
        together = deadlines.read_together(user, list(deadlines.KEYS), 100, 6)
        for key, due in deadlines.KEYS.items():
            alone = deadlines.read_due(user, due, 100, 6)
            assert (together[key][0], together[key][1]) == alone, (user, key)
    overdue_rows = deadlines.read_together(committee_handler, list(deadlines.KEYS), 100, 6)["clocks.overdue"][
        1
    ]
    assert {r.pk for r in overdue_rows} == {owned[0].pk, accepted.pk}
