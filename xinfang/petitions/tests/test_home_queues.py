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


def test_a_historical_petition_concluded_without_a_rating_is_not_awaiting_one(
    client, registrar, handler, accepted
):
    """待评价 lists a live concluded petition (its rating window runs), not one imported as concluded long ago
    without a rating (past its window): the panel's count, its rows, the list behind its link and ``tick`` agree."""
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from xinfang.imports.tests.conftest import problems_of, xlsx
    from xinfang.inbox.models import Reminder
    from xinfang.petitions.models import Petition, Status
    from xinfang.petitions.tests.steps import conclude
    from xinfang.petitions.tests.test_imports import HEADERS, row, run

    live = conclude(accepted, handler)
    historical = {
        "收到时间": "2024-01-02 09:00",
        "处理意见": "支持",
        "答复日期": "2024-03-30",
        "送达方式": "当面送达",
    }
    job = run(registrar, xlsx(HEADERS, [row(**historical)]))
    assert job.status == "committed", problems_of(job)
    old = Petition.objects.exclude(pk=live.pk).get()
    assert (old.status, old.rating) == (Status.CONCLUDED, "")  # concluded, never rated
    client.force_login(handler)
    panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    assert panels["待评价"]["count"] == "1"  # as shown (a capped count reads 99+)
    assert [r.pk for r in panels["待评价"]["rows"]] == [live.pk]
    queue = next(q for q in queues_for(handler) if q.title == "待评价")
    assert read_together(handler, [queue.key], COUNT_CAP + 1, ROWS_PER_QUEUE)[queue.key][0] == 1
    assert read_alone(queue, handler)[0] == 1
    listed = client.get(queue.link(handler)).content.decode()
    assert live.number in listed and old.number not in listed
    Reminder.objects.all().delete()
    call_command("tick", stdout=io.StringIO())
    assert not Reminder.objects.about(old).exists()
