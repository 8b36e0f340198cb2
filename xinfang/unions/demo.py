"""Demo unions at district volume, inserted in bulk: a single-employer union at most registry employers marked
已建工会, joint unions over groups of sole traders and small firms, a few regional and industry federations per
street, a share transferred in, head counts, coverage with history, and member batches (tens of thousands of
members)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Employer, Org, OrgKind, Ownership
from xinfang.orgs.scoping import levels_of

from .models import (
    BatchKind,
    Coverage,
    EventKind,
    GrassrootsUnion,
    MemberBatch,
    Origin,
    UnionEvent,
    UnionKind,
)

CHAIRS = [
    "李红",
    "王芳",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "黄磊",
    "赵敏",
    "周杰",
    "吴霞",
    "徐丽",
    "孙强",
    "马琳",
    "朱婷",
    "胡斌",
    "郭燕",
]
BATCH = 5000


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    unions, members = make_demo(federation, rng, progress=options.progress)
    return f"新增基层工会 {unions} 家，会员发展 {members} 人"


def _founding(rng: random.Random, today: date) -> date:
    """Older unions over two decades; a third founded in the last three years (the organising drive)."""
    if rng.random() < 0.35:
        return today - timedelta(days=rng.randint(0, 3 * 365))
    return today - timedelta(days=rng.randint(3 * 365, 22 * 365))


def make_demo(federation: Org, rng: random.Random, progress=lambda line: None) -> tuple[int, int]:
    """Idempotent: nothing when any union exists."""
    if GrassrootsUnion.objects.exists():
        return 0, 0
    registrar = User.objects.filter(username="dengji").first()
    today = timezone.localdate()
    committees = list(Org.objects.filter(parent=federation, kind=OrgKind.COMMITTEE).order_by("path"))
    if not committees:
        return 0, 0
    employers = list(
        Employer.objects.active().filter(has_union=True, org__in=committees).only("pk", "name", "org_id", "employees", "ownership")
    )  # fmt: skip
    by_org = {c.pk: c for c in committees}
    unions: list[GrassrootsUnion] = []
    covers: list[
        tuple[int, list[tuple[Employer, int | None]]]
    ] = []  # union index → employers and their members
    names: set[str] = set()

    def add(org: Org, name: str, kind: str, workers: int, covered: list[tuple[Employer, int | None]]) -> None:
        if name in names:
            return
        names.add(name)
        founded = _founding(rng, today)
        transferred = rng.random() < 0.04
        members = int(workers * rng.uniform(0.65, 0.98))
        unions.append(
            GrassrootsUnion(
                org=org,
                name=name,
                kind=kind,
                origin=Origin.TRANSFERRED_IN if transferred else Origin.FOUNDED,
                founded_on=founded,
                transferred_on=min(today, founded + timedelta(days=rng.randint(30, 2000)))
                if transferred
                else None,
                transferred_from=rng.choice(["市国资委工会", "原主管局工会", "市总工会"])
                if transferred
                else "",
                approved_by=org,
                approval_ref=f"{org.name[:2]}工委〔{founded.year}〕{rng.randint(1, 300)}号",
                approved_on=founded,
                chair=rng.choice(CHAIRS),
                workers=workers,
                members=members,
                counted_on=today - timedelta(days=rng.randint(0, 300)),
                registered_by=registrar,
                **{f"org_level{i}": v for i, v in enumerate(levels_of(org), start=1)},
            )
        )
        covers.append((len(unions) - 1, covered))

    small = []
    for employer in employers:
        org = by_org[employer.org_id]
        if employer.ownership == Ownership.SOLE_TRADER or (employer.employees or 0) < 25:
            small.append(employer)
            continue
        workers = employer.employees or 50
        add(org, f"{employer.name}工会", UnionKind.SINGLE, workers, [(employer, None)])
    # Joint unions: groups of 3–8 small employers of one street; now and then a firm that has grown past 25
    # members still sits in a joint union (the 第十一条 working list).
    rng.shuffle(small)
    for org in committees:
        group = [e for e in small if e.org_id == org.pk]
        i = 0
        n = 1
        while i < len(group):
            size = rng.randint(3, 8)
            part = group[i : i + size]
            counted: list[tuple[Employer, int | None]] = [
                (e, rng.randint(26, 60) if rng.random() < 0.08 else rng.randint(1, 12)) for e in part
            ]
            add(
                org,
                f"{org.name[:-3]}第{n}联合工会",
                UnionKind.JOINT,
                sum(m or 0 for _, m in counted) + 5,
                counted,
            )
            i += size
            n += 1
        for trade in ["商圈", "物流园", "楼宇"]:
            add(
                org, f"{org.name[:-3]}{trade}区域性工会联合会", UnionKind.REGIONAL, rng.randint(300, 3000), []
            )
        for trade in ["餐饮", "家政", "快递"]:
            add(org, f"{org.name[:-3]}{trade}行业工会联合会", UnionKind.INDUSTRY, rng.randint(200, 2000), [])
    GrassrootsUnion.objects.bulk_create(unions, batch_size=BATCH)
    progress(f"基层工会 {len(unions)} 家")
    coverages = []
    for index, covered in covers:
        union = unions[index]
        start = union.transferred_on or union.founded_on
        for employer, members in covered:
            coverages.append(
                Coverage(
                    union=union,
                    employer=employer,
                    start_on=start,
                    members=members,
                    workers=(members + rng.randint(0, 5)) if members is not None else None,
                    counted_on=start if members is not None else None,
                    registered_by=registrar,
                )
            )
    Coverage.objects.bulk_create(coverages, batch_size=BATCH)
    batches = []
    enrolled = 0
    for union in unions:
        start = union.transferred_on or union.founded_on
        days = (today - start).days
        dates = sorted(
            {start + timedelta(days=rng.randint(0, max(days, 0))) for _ in range(rng.randint(1, 6))}
        )
        for on in dates:
            count = max(1, min(union.members or 1, rng.randint(1, 40)))
            transfer_out = rng.random() < 0.1
            batches.append(
                MemberBatch(
                    union=union,
                    org=union.org,
                    kind=BatchKind.TRANSFER_OUT if transfer_out else BatchKind.ENROLMENT,
                    on=on,
                    count=count,
                    migrant_workers=rng.randint(0, count),
                    women=rng.randint(0, count),
                    destination="外区单位" if transfer_out else "",
                    registered_by=registrar,
                    **{f"org_level{i}": getattr(union, f"org_level{i}") for i in range(1, 5)},
                )
            )
            enrolled += 0 if transfer_out else count
    MemberBatch.objects.bulk_create(batches, batch_size=BATCH)
    UnionEvent.objects.bulk_create(
        (
            UnionEvent(
                union=u,
                by=registrar,
                kind=EventKind.TRANSFERRED_IN if u.origin == Origin.TRANSFERRED_IN else EventKind.FOUNDED,
                summary="演示数据：" + ("组织关系转入" if u.origin == Origin.TRANSFERRED_IN else "登记建会"),
            )
            for u in unions
        ),
        batch_size=BATCH,
    )
    return len(unions), enrolled
