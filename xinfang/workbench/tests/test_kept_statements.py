"""The home page keeps the compiled SQL of its grouped queues (``lib.compiled``) under every input it is built from.
A kept statement must read exactly what a fresh build reads after anything that changes a queue: a step, an
assignment to another unit, a user moved to another organisation, the next day; and under steps made at the same
time as the reads, each read must see one state of the queues (a petition never in two queues, never in none)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from xinfang.inbox.queues import queues_for, read_queues
from xinfang.lib import compiled
from xinfang.petitions.actions import decide_intake
from xinfang.petitions.inputs import IntakeDecisionIn
from xinfang.petitions.models import IntakeDecision, Petition
from xinfang.petitions.tests.steps import assign, lead


def home(user) -> dict[str, tuple[str, list[int]]]:
    """The home page's queues as it reads them: each badge and the ids of the first rows, by title."""
    return {
        queue.title: (count, [r.pk for r in rows])
        for queue, count, rows in read_queues(queues_for(user), user)
    }


def fresh(user) -> dict[str, tuple[str, list[int]]]:
    """The same, every statement built and compiled again."""
    compiled.clear()
    return home(user)


def accept(petition, by) -> Petition:
    return decide_intake(
        petition=petition,
        by=by,
        data=IntakeDecisionIn(
            decision=IntakeDecision.ACCEPT, version=Petition.objects.get(pk=petition.pk).version
        ),
    )


def test_a_second_reading_runs_the_kept_statements_without_building_them(
    committee_registrar, committee_handler, make_petition, django_assert_num_queries
):
    make_petition(committee_registrar)
    first = fresh(committee_handler)
    kept = compiled.kept_count()
    assert kept >= 3  # the petition, deadline and mediation queues' statements at least
    assert home(committee_handler) == first
    assert compiled.kept_count() == kept  # nothing built again


def test_a_step_is_read_through_the_kept_statement(committee_registrar, committee_handler, make_petition):
    petitions = [make_petition(committee_registrar) for _ in range(2)]
    before = fresh(committee_handler)
    assert before["待受理"][0] == "2"
    accept(petitions[0], committee_handler)
    after = home(committee_handler)  # the same statements (nothing they are built from changed) …
    assert after == fresh(committee_handler)  # … read what a fresh build reads
    assert after["待受理"] == ("1", [petitions[1].pk])
    assert petitions[0].pk in after["办理中"][1]


def test_an_assignment_to_the_unit_is_read_through_a_new_statement(
    committee, committee_handler, handler, accepted
):
    before = fresh(committee_handler)
    assert accepted.pk not in before["待签收"][1]
    kept = compiled.kept_count()
    assign(accepted, handler, lead(committee))  # the committee sees it now, as assigned
    after = home(committee_handler)
    assert compiled.kept_count() > kept  # its scope conditions name the assigned petition: another key
    assert after == fresh(committee_handler)
    assert after["待签收"] == ("1", [accepted.pk])


def test_a_user_moved_to_another_organisation_reads_the_other_scope(
    committee_registrar, committee_handler, other_committee, make_petition
):
    mine = make_petition(committee_registrar)
    assert home(committee_handler)["待受理"] == ("1", [mine.pk])
    committee_handler.org = other_committee
    committee_handler.save()
    after = home(committee_handler)
    assert after["待受理"] == ("0", [])
    assert after == fresh(committee_handler)


def test_the_next_day_reads_the_next_days_queues(committee_registrar, make_petition):
    petition = make_petition(committee_registrar)
    assert home(committee_registrar)["我今天登记的"] == ("1", [petition.pk])
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        after = home(committee_registrar)
        assert after["我今天登记的"] == ("0", [])
        assert after == fresh(committee_registrar)


def test_reads_made_while_petitions_are_accepted_each_see_one_state_of_the_queues(
    committed_db, committee_registrar, committee_handler, make_petition
):
    petitions = [make_petition(committee_registrar) for _ in range(6)]
    ids = {p.pk for p in petitions}
    seen: list[dict] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def read():
        try:
            start.wait()
            for _ in range(8):
                seen.append(home(committee_handler))  # this thread's kept statements after the first
            seen.append(home(committee_handler))
        except BaseException as exc:  # noqa: BLE001 (reported by the test below)
            failures.append(exc)
        finally:
            connection.close()

    def step():
        try:
            start.wait()
            for petition in petitions:
                with transaction.atomic():
                    accept(petition, committee_handler)
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read), threading.Thread(target=step)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    for (
        queues
    ) in seen:  # one statement for every queue: a petition is waiting or in hand, never both or neither
        waiting, in_hand = set(queues["待受理"][1]), set(queues["办理中"][1])
        assert not waiting & in_hand
        assert int(queues["待受理"][0]) + int(queues["办理中"][0]) == len(ids)
        assert waiting | in_hand == ids
    after = home(committee_handler)
    assert after == fresh(committee_handler)
    assert after["待受理"] == ("0", []) and set(after["办理中"][1]) == ids


def test_the_home_page_reads_the_units_assigned_petitions_once(
    client, committee, committee_handler, handler, accepted
):
    from django.test.utils import CaptureQueriesContext

    assign(accepted, handler, lead(committee))
    client.force_login(committee_handler)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert accepted.number in response.content.decode()  # in 待签收, and in the deadline queues' scope
    assigned = [
        q for q in captured.captured_queries if 'DISTINCT "petitions_assignment"."petition_id"' in q["sql"]
    ]
    assert len(assigned) == 1


def test_a_petition_handed_to_another_committee_leaves_through_the_kept_statement(
    committee_registrar, committee_handler, other_committee, outsider, make_petition
):
    petition = make_petition(committee_registrar)
    assert home(committee_handler)["待受理"] == ("1", [petition.pk])
    assert home(outsider)["待受理"] == ("0", [])
    kept = compiled.kept_count()
    moved = Petition.objects.get(pk=petition.pk)
    moved.org = other_committee  # its scope columns follow (OrgScoped.save)
    moved.save()
    mine, theirs = home(committee_handler), home(outsider)
    assert compiled.kept_count() == kept  # the same statements: the data moved, not the scope
    assert mine["待受理"] == ("0", []) and theirs["待受理"] == ("1", [petition.pk])
    assert mine == fresh(committee_handler) and theirs == fresh(outsider)


def _prepared_home_statements() -> dict[str, int]:
    """The connection's prepared statements of the home page's grouped queues: the first queue each names, and how
    many times its plan was run without planning again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%%UNION ALL%%'"
        )
        return {statement.split("'")[1]: runs for statement, runs in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_kept_statement_is_planned_once_per_connection(
    committee_registrar, committee_handler, make_petition
):
    petition = make_petition(committee_registrar)
    first = fresh(committee_handler)
    assert home(committee_handler) == first
    runs = _prepared_home_statements()
    assert runs and min(runs.values()) >= 2  # each grouped queue read twice, from one plan
    accept(petition, committee_handler)
    after = home(committee_handler)
    assert after["待受理"][0] == "0" and after == fresh(committee_handler)  # the plan is kept, never the rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_with_prepared_statements_off_a_kept_statement_runs_unprepared(
    committee_registrar, committee_handler, make_petition
):
    make_petition(committee_registrar)
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    # PREPARED_STATEMENTS=0: behind PgBouncer in transaction mode
    connection.connection.prepare_threshold = None
    try:
        first = fresh(committee_handler)
        assert home(committee_handler) == first and first["待受理"][0] == "1"
        assert _prepared_home_statements() == {}
    finally:
        connection.connection.prepare_threshold = threshold
