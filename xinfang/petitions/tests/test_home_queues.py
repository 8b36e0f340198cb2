"""The home page reads the petition queues together (``queues.read_together``: one query for their ids, one for
their rows); each must count and show what the queue reads alone, which is what its list shows."""

from xinfang.inbox.queues import COUNT_CAP, ROWS_PER_QUEUE, queues_for
from xinfang.petitions.queues import read_together
from xinfang.petitions.tests.steps import assign, lead


def read_alone(queue, user):
    if queue.read is not None:
        return queue.read(user, COUNT_CAP + 1, ROWS_PER_QUEUE)
    return queue.count(user, COUNT_CAP + 1), queue.rows(user, ROWS_PER_QUEUE)


def test_the_petition_queues_read_together_count_and_show_what_each_reads_alone(
    committee, committee_registrar, committee_handler, handler, accepted, make_petition
):
    owned = [make_petition(committee_registrar, is_urgent=i == 0) for i in range(3)]
    assign(accepted, handler, lead(committee))  # the committee sees it as assigned, not owned
    queues = [q for q in queues_for(committee_handler) if q.read_group is read_together]
    together = read_together(committee_handler, [q.key for q in queues], COUNT_CAP + 1, ROWS_PER_QUEUE)
    seen = {}
    for queue in queues:
        count, rows = read_alone(queue, committee_handler)
        got_count, got_rows = together[queue.key]
        assert (got_count, [r.pk for r in got_rows]) == (count, [r.pk for r in rows]), queue.title
        assert [r.number for r in got_rows] == [r.number for r in rows]
        seen[queue.title] = {r.pk for r in rows}
    assert seen["待受理"] == {p.pk for p in owned}
    assert seen["待签收"] == {accepted.pk}
    assert accepted.pk in seen["办理中"]
    assert seen["紧急重大（在办）"] == {owned[0].pk}


def test_a_queue_past_the_cap_is_counted_past_it_together_as_alone(
    committee_registrar, committee_handler, make_petition
):
    for _ in range(4):
        make_petition(committee_registrar)
    queue = next(q for q in queues_for(committee_handler) if q.title == "待受理")
    count, rows = read_together(committee_handler, [queue.key], 3, 2)[queue.key]
    assert count >= 3 and len(rows) == 2
    assert [r.pk for r in rows] == [r.pk for r in queue.rows(committee_handler, 2)]
