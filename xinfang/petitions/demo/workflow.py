"""Demo histories: walk a sample of recent demo petitions through the real workflow actions, so the demo shows
assignments, handling records, conclusions, ratings, reviews, terminations and documents, each with its events
and clocks exactly as users would make them."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions import actions
from xinfang.petitions.actions.reminders import report_urgent
from xinfang.petitions.inputs import (
    AssignIn,
    ConclusionIn,
    DocumentIn,
    ExtensionIn,
    FinishIn,
    IntakeDecisionIn,
    NoteIn,
    RatingIn,
    ReopenIn,
    ReturnIn,
    ReviewDecisionIn,
    ReviewRequestIn,
    UnitIn,
)
from xinfang.petitions.models import (
    Assignment,
    AssignmentRole,
    Delivery,
    IntakeDecision,
    NoteKind,
    Outcome,
    Petition,
    Rating,
    RatingMethod,
    RejectReason,
    ReturnReason,
    ReviewResult,
    Status,
)
from xinfang.petitions.models.petition import URGENT_OPEN

SAMPLE = 160  # petitions walked through the workflow (the rest stay as registered)
NOTES = [
    (NoteKind.INVESTIGATION, "到{employer}核实工资发放台账和考勤记录，单位承认存在拖欠。"),
    (NoteKind.TALK, "约谈{employer}人事负责人，单位同意制定支付计划。"),
    (NoteKind.NOTE, "电话联系信访人，告知办理进展。"),
]
DECISIONS = [
    "经调查核实，{employer}确有未按时足额支付工资的情况。\n经本会协调，单位已同意在十五日内支付拖欠款项。",
    "经调查，信访人反映的情况部分属实。单位已就加班费计算方式作出说明，并补发部分款项。",
    "经核实，单位已依法与信访人解除劳动合同并支付经济补偿，信访人的其他请求缺乏依据。",
]


def walk(federation: Org, rng: random.Random) -> int:
    """Walk up to SAMPLE registered petitions of the federation and its committees, received 8–120 days ago,
    through the workflow. Idempotent: does nothing once any demo assignment exists."""
    if Assignment.objects.exists():
        return 0
    users = {
        u.username: u for u in User.objects.filter(username__in=["dengji", "chengban", "fuze", "donghu"])
    }
    if len(users) < 4:
        return 0
    committees = list(Org.objects.filter(parent=federation, kind=OrgKind.COMMITTEE).order_by("pk"))
    partners = list(Org.objects.filter(parent=federation, kind=OrgKind.PARTNER).order_by("pk"))
    upper = Org.objects.filter(kind=OrgKind.UPPER).order_by("pk").first()
    now = timezone.now()
    petitions = list(
        Petition.objects.filter(
            org__kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE),
            status=Status.REGISTERED,
            received_at__range=(now - timedelta(days=120), now - timedelta(days=8)),
        )
        .select_related("org", "employer", "category")
        .order_by("received_at")[:SAMPLE]
    )
    # The petitions not accepted take each other outcome in turn, so that even a small demo shows each.
    otherwise = itertools.cycle(OTHERWISE)
    for i, petition in enumerate(petitions):
        _walk_one(
            petition, rng, users, committees, partners, upper, to_review=i % 15 == 7, otherwise=otherwise
        )
    _report_recent_urgent(federation, now)
    return len(petitions)


def _report_recent_urgent(federation: Org, now) -> None:
    """The bulk rows skip registration's reminders: the leaders are told of the newest urgent cases still
    waiting, as registering them would have."""
    recent = Petition.objects.filter(
        federation=federation, is_urgent=True, status__in=URGENT_OPEN, received_at__lte=now
    ).select_related("org")
    for petition in recent.order_by("-received_at")[:5]:
        report_urgent(petition)


def _fresh(petition: Petition) -> Petition:
    return Petition.objects.select_related("org", "employer", "category").get(pk=petition.pk)


def _walk_one(petition, rng, users, committees, partners, upper, *, to_review: bool, otherwise) -> None:
    """One petition's path, chosen at random; every 15th goes as far as review (to_review)."""
    handler, approver, registrar = users["chengban"], users["fuze"], users["dengji"]
    roll = 0.99 if to_review else rng.random()
    if roll < 0.12:
        _decide_otherwise(petition, rng, handler, upper, next(otherwise))
        return
    received = timezone.localdate(petition.received_at)
    decided_on = min(received + timedelta(days=rng.randint(0, 6)), timezone.localdate())
    petition = actions.decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(
            decision=IntakeDecision.ACCEPT, version=petition.version, decided_on=decided_on
        ),
    )
    if rng.random() < 0.5 and petition.identity_visible_to(handler):
        actions.generate_document(
            petition=_fresh(petition), by=handler, data=DocumentIn(kind="accept_notice")
        )
    if petition.org.kind == OrgKind.COMMITTEE:
        below = Org.objects.filter(parent=petition.org, kind=OrgKind.GRASSROOTS).order_by("pk")
        committee = rng.choice(list(below)) if below.exists() else petition.org
    else:
        committee = rng.choice(committees)
    units = [UnitIn(org_id=committee.pk, role=AssignmentRole.LEAD)]
    if partners and rng.random() < 0.3:
        units.append(UnitIn(org_id=rng.choice(partners).pk, role=AssignmentRole.ASSIST))
    petition = _fresh(petition)
    created = actions.assign_petition(
        petition=petition,
        by=handler,
        data=AssignIn(
            version=petition.version,
            units=units,
            instructions="请核实处理",
            on=min(decided_on + timedelta(days=1), timezone.localdate()),
        ),
    )
    lead = created[0]
    unit_user = users["donghu"] if committee.path.startswith(users["donghu"].org.path) else handler
    if roll < 0.2:
        return  # waits to be taken (待签收)
    if roll < 0.25:
        actions.return_assignment(
            assignment=lead, by=unit_user, data=ReturnIn(reason=ReturnReason.WRONG_UNIT)
        )
        return  # back in the dispatcher's queue
    actions.take_assignment(assignment=lead, by=unit_user)
    employer = petition.employer.name if petition.employer else "用人单位"
    for kind, text in rng.sample(NOTES, rng.randint(1, 2)):
        actions.add_handling_note(
            petition=_fresh(petition),
            by=unit_user,
            data=NoteIn(
                kind=kind,
                text=text.format(employer=employer),
                happened_on=min(
                    timezone.localdate(lead.assigned_at) + timedelta(days=rng.randint(1, 5)),
                    timezone.localdate(),
                ),
            ),
        )
    if roll < 0.45:
        if roll > 0.4 and petition.org.kind == OrgKind.FEDERATION:  # waits for fuze's approval (延期待审批)
            actions.request_extension(
                petition=_fresh(petition),
                by=handler,
                data=ExtensionIn(days=30, reason="案情复杂，需进一步核实。"),
            )
        return  # in handling
    reported_on = min(
        timezone.localdate(lead.assigned_at) + timedelta(days=rng.randint(5, 25)), timezone.localdate()
    )
    actions.finish_assignment(
        assignment=lead, by=unit_user, data=FinishIn(report="已协调处理完毕，详见办理记录。", on=reported_on)
    )
    _conclude_and_after(_fresh(petition), rng, handler, approver, registrar, upper, employer, to_review)


OTHERWISE = [IntakeDecision.DIVERT, IntakeDecision.TRANSFER_OUT, IntakeDecision.REJECT, IntakeDecision.REFER]


def _decide_otherwise(petition, rng, handler, upper, decision: str) -> None:
    extra: dict = {"reason": "经审查，该事项依法应由其他机关处理。"}
    if decision == IntakeDecision.REJECT:
        extra = {
            "reason": "该事项已由区人社局受理，正在办理中。",
            "reason_code": RejectReason.ALREADY_HANDLED,
        }
    if decision == IntakeDecision.REFER:
        extra["competent_body"] = "区人力资源和社会保障局"
    if decision == IntakeDecision.TRANSFER_OUT:
        target = Org.objects.filter(name="区信访局").first() or upper
        extra["transferred_to_id"] = target.pk if target else None
    decided_on = min(
        timezone.localdate(petition.received_at) + timedelta(days=rng.randint(1, 10)), timezone.localdate()
    )
    # A petition diverted into the statutory procedure is registered as a mediation case by the mediations'
    # demo part, which runs after this one.
    actions.decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(decision=decision, version=petition.version, decided_on=decided_on, **extra),
    )


def _conclude_and_after(
    petition, rng, handler, approver, registrar, upper, employer, to_review: bool
) -> None:
    reported = max(timezone.localdate(a.finished_at) for a in petition.assignments.all() if a.finished_at)
    replied_on = min(reported + timedelta(days=rng.randint(1, 6)), timezone.localdate())
    outcome = rng.choices(Outcome.values, [50, 20, 20, 10])[0]
    petition = actions.conclude_petition(
        petition=petition,
        by=handler,
        data=ConclusionIn(
            version=petition.version,
            outcome=outcome,
            decision_text=rng.choice(DECISIONS).format(employer=employer),
            legal_basis="《中华人民共和国劳动法》第五十条；《工资支付暂行规定》第七条",
            replied_on=replied_on,
            delivery=rng.choice(Delivery.values),
            amount_recovered=petition.amount if outcome == Outcome.UPHELD else None,
        ),
    )
    if petition.identity_visible_to(
        handler
    ):  # a letter naming a confidential petitioner: only who may see him
        actions.generate_document(petition=petition, by=handler, data=DocumentIn(kind="decision_letter"))
    if rng.random() < 0.25 and not to_review:
        return  # awaiting the rating
    rating = Rating.DISSATISFIED if to_review else rng.choices(Rating.values, [70, 20, 10])[0]
    petition = actions.rate_petition(
        petition=petition,
        by=registrar,
        data=RatingIn(
            version=petition.version,
            rating=rating,
            method=rng.choice(RatingMethod.values),
            rated_on=min(replied_on + timedelta(days=rng.randint(1, 10)), timezone.localdate()),
        ),
    )
    if rating != Rating.DISSATISFIED or upper is None:
        return
    if not to_review:
        actions.reopen_petition(
            petition=petition,
            by=approver,
            data=ReopenIn(version=petition.version, reason="回访不满意，重新核查"),
        )
        return
    review = actions.request_review(
        petition=petition,
        by=handler,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=upper.pk,
            requested_on=min(replied_on + timedelta(days=12), timezone.localdate()),
            received_on=min(replied_on + timedelta(days=14), timezone.localdate()),
            request_text="对处理意见不服，请求复查。",
        ),
    )
    if rng.random() < 0.5:
        petition = _fresh(petition)
        actions.decide_review(
            petition=petition,
            by=handler,
            data=ReviewDecisionIn(
                version=petition.version,
                result=ReviewResult.UPHELD,
                decision_text="经复查，原处理意见认定事实清楚，适用依据正确，予以维持。",
                decided_on=min(review.received_on + timedelta(days=20), timezone.localdate()),
            ),
        )
