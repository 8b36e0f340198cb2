"""The home page reads the mediation queues together (``queues.read_together``); each must count and show what
the queue reads alone, which is what its list shows."""

from datetime import timedelta

from django.utils import timezone

from xinfang.inbox.queues import queues_for
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.mediations.models import Mediation, Status
from xinfang.mediations.queues import read_together


def test_the_mediation_queues_read_together_count_and_show_what_each_reads_alone(handler, employer, valid_id):
    today = timezone.localdate()
    for days in (1, 5, 20, 40):
        register_mediation(
            by=handler,
            data=MediationIn(
                body="federation",
                application_form="written",
                received_on=today - timedelta(days=days),
                dispute_type="pay",
                claims="要求支付拖欠的三个月工资。",
                workers=[WorkerIn(name="王五", id_number=valid_id)],
                employer_id=employer.pk,
            ),
        )
    first, second = Mediation.objects.order_by("pk")[:2]
    Mediation.objects.filter(pk=first.pk).update(status=Status.MEDIATING, settle_by=today + timedelta(days=1))
    Mediation.objects.filter(pk=second.pk).update(
        status=Status.MEDIATING, settle_by=today - timedelta(days=2)
    )
    queues = [q for q in queues_for(handler) if q.read_group is read_together]
    assert queues
    for limit, size in ((100, 6), (2, 1)):
        together = read_together(handler, [q.key for q in queues], limit, size)
        for queue in queues:
            count, rows = together[queue.key]
            assert count == queue.count(handler, limit), queue.title
            assert rows == queue.rows(handler, size), queue.title
    counts = {q.title: together[q.key][0] for q in queues}
    assert sorted(counts.values()) == [0, 2, 2]
