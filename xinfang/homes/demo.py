"""Demo inspections of workers' homes for the current year (about 1,700, as a district inspects), with their
re-inspections and honours, inserted in bulk; and the year's checklist when none has been entered."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.orgs.models import Employer, Org, OrgKind, Ownership
from xinfang.orgs.scoping import levels_of

from .models import (
    Checklist,
    ChecklistItem,
    Honour,
    HonourKind,
    HonourLevel,
    Inspection,
    Result,
    Score,
    scores_text,
)

# A common shape of the 建家 checklist (the deploying union enters its own in 系统管理).
ITEMS = (
    ("组织健全：依法建会、按期换届，工会委员会和经费审查、女职工组织健全", 15),
    ("民主管理：职工代表大会制度健全，厂务公开，职工参与决策", 20),
    ("维权机制：开展集体协商、签订集体合同，建立劳动争议调解组织", 15),
    ("职工素质：组织技能培训、劳动竞赛和职工文体活动", 10),
    ("服务职工：困难职工帮扶、送温暖、职工互助保障", 15),
    ("阵地建设：职工之家活动场所、设施和职工书屋", 10),
    ("经费资产：工会经费依法拨缴，财务和资产管理规范", 10),
    ("会员评家：会员评议职工之家满意率", 5),
)
PASS_SCORE = Decimal(80)
INSPECTORS = ["张明、李华", "王芳、赵磊", "陈静、刘洋", "杨帆、周敏", "吴刚、郑丽", "孙伟、黄琳"]


def demo_checklist(year: int) -> Checklist:
    checklist, created = Checklist.objects.get_or_create(
        year=year, defaults={"title": "职工之家建设验收标准", "pass_score": PASS_SCORE}
    )
    if created:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(checklist=checklist, number=n, title=title, max_score=Decimal(full))
            for n, (title, full) in enumerate(ITEMS, start=1)
        )
    return checklist


def build(federation: Org, rng: random.Random, count: int) -> str:
    """Up to ``count`` first inspections this year (the kit's demo part asks for 1,700, as a district inspects;
    ``make bench`` for 100,000), with re-inspections and honours. Adds only what is missing: idempotent."""
    made = honours = 0
    missing = count - Inspection.objects.first_inspections().count()
    while missing > 0:  # in chunks, so that 100,000 for the bench stay in little memory
        chunk = min(missing, 10000)
        done, awarded = make_demo(chunk, rng)
        if not done:
            break
        made, honours, missing = made + done, honours + awarded, missing - chunk
    return f"新增职工之家验收 {made} 次、荣誉 {honours} 项"


def make_demo(count: int, rng: random.Random, *, today: date | None = None) -> tuple[int, int]:
    """``count`` first inspections, with re-inspections of most units given time to put things right."""
    if count <= 0:
        return 0, 0
    today = today or timezone.localdate()
    staff = {
        u.org_id: u for u in User.objects.filter(username__in=["dengji", "chengban", "qingshuihe", "donghu"])
    }
    registrar = next(iter(staff.values()), None)
    if registrar is None:
        return 0, 0
    checklist = demo_checklist(today.year)
    items = list(checklist.items.order_by("number"))
    unions = list(Org.objects.filter(kind=OrgKind.GRASSROOTS).select_related("parent"))
    employers = list(
        Employer.objects.active()
        .exclude(ownership=Ownership.SOLE_TRADER)
        .filter(org__isnull=False)
        .select_related("org")[: max(count, 3000)]
    )
    units: list[tuple[Org | None, Employer | None, Org, str]] = [
        (u, None, u.parent or u, u.name) for u in unions if u.parent is not None
    ] + [(None, e, e.org, e.name) for e in employers]  # type: ignore[misc]
    if not units:
        return 0, 0
    rng.shuffle(units)
    units = [units[i % len(units)] for i in range(count)]  # a unit more than once only at bench volume
    start = date(today.year, 1, 1)
    span = max((today - start).days, 1)
    firsts: list[Inspection] = []
    plans: list[tuple[list[Decimal], str | None]] = []
    now = timezone.now()
    for union, employer, org, name in units:
        on = start + timedelta(days=rng.randrange(span))
        roll = rng.random()
        result = Result.PASSED if roll < 0.72 else Result.RECTIFY if roll < 0.92 else Result.FAILED
        scores = _scores(rng, items, passing=result == Result.PASSED)
        reinspect_by = on + timedelta(days=rng.choice([30, 45, 60, 90])) if result == Result.RECTIFY else None
        again: str | None = None
        if reinspect_by is not None and reinspect_by <= today and rng.random() < 0.8:
            again = rng.choice([Result.PASSED] * 4 + [Result.FAILED])
        by = staff.get(org.pk, registrar)
        firsts.append(
            Inspection(
                org=org,
                union=union,
                employer=employer,
                unit_name=name[:100],
                inspected_on=on,
                inspectors=rng.choice(INSPECTORS),
                checklist=checklist,
                total_score=sum(scores, start=Decimal(0)),
                score_list=scores_text(scores),
                result=result,
                status=again or result,
                reinspect_by=None if again else reinspect_by,
                reinspect_noted_at=now if (reinspect_by and not again and reinspect_by <= today) else None,
                created_by=by,
                created_at=now,
                **_levels(org),
            )
        )
        plans.append((scores, again))
    Inspection.objects.bulk_create(firsts, batch_size=1000)
    seconds: list[Inspection] = []
    second_scores: list[list[Decimal]] = []
    for first, (_, again) in zip(firsts, plans, strict=True):
        if again is None:
            continue
        scores = _scores(rng, items, passing=again == Result.PASSED)
        on = first.inspected_on + timedelta(days=rng.randint(20, 90))
        seconds.append(
            Inspection(
                org=first.org,
                union=first.union,
                employer=first.employer,
                unit_name=first.unit_name,
                inspected_on=min(on, today),
                inspectors=first.inspectors,
                checklist=checklist,
                total_score=sum(scores, start=Decimal(0)),
                score_list=scores_text(scores),
                result=again,
                status=again,
                reinspection_of=first,
                created_by=first.created_by,
                created_at=now,
                **_levels(first.org),
            )
        )
        second_scores.append(scores)
    Inspection.objects.bulk_create(seconds, batch_size=1000)
    rows = [
        Score(inspection=inspection, item=item, score=score)
        for inspection, scores in [
            *zip(firsts, [p[0] for p in plans], strict=True),
            *zip(seconds, second_scores, strict=True),
        ]
        for item, score in zip(items, scores, strict=True)
    ]
    Score.objects.bulk_create(rows, batch_size=5000)
    return len(firsts) + len(seconds), _honours(rng, firsts, registrar, today)


def _levels(org: Org) -> dict:
    return {f"org_level{i}": v for i, v in enumerate(levels_of(org), start=1)}


def _scores(rng: random.Random, items: list[ChecklistItem], *, passing: bool) -> list[Decimal]:
    """Scores item by item whose total passes (≥ the pass score) or not."""
    while True:
        share = rng.uniform(0.82, 0.98) if passing else rng.uniform(0.55, 0.79)
        scores = [
            min(item.max_score, Decimal(round(float(item.max_score) * share * 2)) / 2) for item in items
        ]
        if (sum(scores) >= PASS_SCORE) == passing:
            return scores


def _honours(rng: random.Random, firsts: list[Inspection], by: User, today: date) -> int:
    passed = [i for i in firsts if i.status == Result.PASSED]
    rng.shuffle(passed)
    rows = []
    levels = [(HonourLevel.NATIONAL, "中华全国总工会", 2), (HonourLevel.PROVINCIAL, "广东省总工会", 8),
              (HonourLevel.MUNICIPAL, "深圳市总工会", 30)]  # fmt: skip
    taken = 0
    for level, body, how_many in levels:
        for inspection in passed[taken : taken + how_many]:
            rows.append(
                Honour(
                    org=inspection.org,
                    union=inspection.union,
                    employer=inspection.employer,
                    unit_name=inspection.unit_name,
                    kind=HonourKind.HOME,
                    level=level,
                    awarded_by=body,
                    year=today.year - rng.randint(0, 2),
                    registered_by=by,
                    **_levels(inspection.org),
                )
            )
        taken += how_many
    for inspection in passed[taken : taken + 40]:
        rows.append(
            Honour(
                org=inspection.org,
                union=inspection.union,
                employer=inspection.employer,
                unit_name=f"{inspection.unit_name[:90]}{rng.choice(['生产车间', '质检班组', '物流班组', '客服中心'])}",
                kind=HonourKind.SMALL_HOME,
                level=HonourLevel.MUNICIPAL,
                awarded_by="深圳市总工会",
                year=today.year - rng.randint(0, 2),
                registered_by=by,
                **_levels(inspection.org),
            )
        )
    Honour.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)
