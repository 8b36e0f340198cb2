"""Demo mediation cases, made through the real actions (numbering, clocks, events, documents as users make them):
first the cases of the demo petitions the petitions' walk diverted into the statutory procedure, then cases
registered directly at the desk."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.lib.idnumber import make_id_number
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Employer, Org
from xinfang.petitions.models import Petition, PetitionerRole
from xinfang.petitions.models import Status as PetitionStatus

from . import actions
from .inputs import MediationConclusionIn, MediationIn, PerformanceIn, SessionIn, WorkerIn
from .models import DisputeType, Mediation, Performance, Status

CLAIMS = {
    DisputeType.PAY: "要求{employer}支付拖欠的{months}个月工资及加班费。",
    DisputeType.DISMISSAL: "{employer}违法解除劳动合同，要求支付赔偿金。",
    DisputeType.CONTRACT: "{employer}未签订书面劳动合同，要求支付二倍工资差额。",
    DisputeType.CONDITIONS: "{employer}未依法缴纳社会保险，要求补缴并支付经济补偿。",
    DisputeType.RELATIONSHIP: "要求确认与{employer}之间存在劳动关系。",
    DisputeType.OTHER: "与{employer}就年休假工资发生争议，要求调解。",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    """About 200 cases a year, scaled down for small demos (one for every five demo petitions, at most 600)."""
    with transaction.atomic():
        from_petitions(federation)
    with transaction.atomic():
        made = make_demo(federation, min(options.petitions // 5, 600), rng)
    return f"新增调解案件 {made} 宗"


def from_petitions(federation: Org) -> int:
    """A labour dispute diverted into mediation: each demo petition the walk diverted (with an employer) is
    registered as a case, linked both ways, in the order received. Idempotent: nothing once any case came from
    a petition."""
    if Mediation.objects.filter(petition__isnull=False).exists():
        return 0
    handler = User.objects.filter(username="chengban").first()
    diverted = (
        Petition.objects.filter(federation=federation, status=PetitionStatus.DIVERTED, employer__isnull=False)
        .prefetch_related("petitioners")
        .order_by("received_at", "pk")
    )
    if handler is None:
        return 0
    made = 0
    for petition in diverted:
        actions.register_mediation(
            by=handler,
            data=MediationIn(
                body="federation",
                application_form="written",
                received_on=timezone.localdate(petition.intake_decided_at),
                dispute_type="pay",
                claims=petition.request,
                workers=[
                    WorkerIn(
                        name=p.name,
                        id_number=p.id_number,
                        is_representative=p.role == PetitionerRole.REPRESENTATIVE,
                    )
                    for p in petition.petitioners.all()
                ],
                employer_id=petition.employer_id,
                people_count=petition.people_count,
                amount_claimed=petition.amount,
                petition_id=petition.pk,
            ),
        )
        made += 1
    return made


def make_demo(federation: Org, count: int, rng: random.Random) -> int:
    """``count`` cases received over the last three years. Idempotent: nothing when any case registered
    directly exists."""
    if Mediation.objects.filter(petition__isnull=True).exists() or count <= 0:
        return 0
    handler = User.objects.filter(username="chengban").first()
    if handler is None:
        return 0
    employers = list(Employer.objects.order_by("pk")[:800])
    today = timezone.localdate()
    # Registered in the order received, as at a real desk, so numbers follow the dates.
    received = sorted(today - timedelta(days=rng.randint(0, 3 * 365)) for _ in range(count))
    for i, received_on in enumerate(received):
        _one(federation, handler, rng, rng.choice(employers), received_on, i)
    return count


def _one(federation, handler, rng, employer, received_on, i) -> None:
    # relationship, contract, dismissal, conditions, pay, other
    dispute = rng.choices(DisputeType.values, [6, 12, 20, 12, 45, 5])[0]
    collective = rng.random() < 0.08
    people = rng.randint(10, 80) if collective else rng.choice([1, 1, 1, 2, 3])
    workers = [
        WorkerIn(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else ""),
            id_number=make_id_number(
                "440303", date(1975 + i % 25, received_on.month, min(received_on.day, 28)), (i * 7 + n) % 1000
            )
            if rng.random() < 0.8
            else "",
            is_representative=collective,
        )
        for n in range(min(people, rng.randint(1, 3)) if collective else people)
    ]
    amount = Decimal(rng.randint(3000, 60000 * (people if collective else 1))).quantize(Decimal("1.00"))
    accepted_on = min(received_on + timedelta(days=rng.randint(0, 2)), timezone.localdate())
    m = actions.register_mediation(
        by=handler,
        data=MediationIn(
            body=rng.choice(["federation", "federation", "committee"]),
            application_form=rng.choice(["written", "oral"]),
            received_on=received_on,
            accepted_on=accepted_on,
            dispute_type=dispute,
            claims=CLAIMS[DisputeType(dispute)].format(employer=employer.name, months=rng.randint(1, 6)),
            workers=workers,
            employer_id=employer.pk,
            people_count=people,
            amount_claimed=amount,
            mediators=rng.choice(["李调解", "陈律师", "王调解、陈律师"]),
        ),
    )
    held_on: date = min(accepted_on + timedelta(days=rng.randint(1, 8)), timezone.localdate())
    actions.add_session(
        mediation=m,
        by=handler,
        data=SessionIn(
            held_on=held_on,
            place="区总工会职工服务中心调解室",
            attendees="申请人、被申请人委托代理人、调解员",
            minutes="双方陈述争议事实，调解员释明相关法律规定，双方就支付金额进行协商。",
        ),
    )
    if (timezone.localdate() - received_on).days < 12 and rng.random() < 0.7:
        return  # still being mediated
    result = rng.choices([Status.SETTLED, Status.NOT_SETTLED, Status.WITHDRAWN], [72, 20, 8])[0]
    result_on: date = min(held_on + timedelta(days=rng.randint(0, 10)), timezone.localdate())
    agreed = (amount * Decimal(rng.choice(["0.6", "0.75", "0.8", "0.9", "1"]))).quantize(Decimal("1.00"))
    m.refresh_from_db()
    m = actions.conclude_mediation(
        mediation=m,
        by=handler,
        data=MediationConclusionIn(
            version=m.version,
            result=result,
            result_on=result_on,
            note="" if result == Status.SETTLED else "双方差距较大，未能达成一致。",
            agreement_terms=f"被申请人于履行期限内向申请人支付{agreed}元，双方劳动争议就此了结。",
            amount_agreed=agreed,
            performance_due_on=result_on + timedelta(days=rng.randint(5, 30)),
            performance_manner="银行转账",
            archive_number=f"调档{received_on.year}-{i + 1:04d}",
        ),
    )
    if (
        result != Status.SETTLED
        or m.performance_due_on is None
        or m.performance_due_on > timezone.localdate()
    ):
        return
    performance = rng.choices(Performance.values, [85, 10, 5])[0]
    recovered = agreed if performance == Performance.PERFORMED else (agreed / 2).quantize(Decimal("1.00"))
    # Found around the agreed date, as a clerk would record it: the day is the case's, not the demo's.
    found_on = m.performance_due_on + timedelta(days=rng.randint(-3, 3))
    actions.record_performance(
        mediation=m,
        by=handler,
        data=PerformanceIn(
            version=m.version,
            performance=performance,
            performed_on=min(max(found_on, result_on), timezone.localdate()),
            amount_recovered=None if performance == Performance.NOT_PERFORMED else recovered,
        ),
    )
