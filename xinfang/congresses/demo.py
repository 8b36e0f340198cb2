"""Demo congresses, in bulk: enterprise congresses of the register's employers, regional and industry ones of the
committees (the sample summary: 共召开2020个区域性、行业性职代会), each with its 登记 event."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.ledgerkit.demo import save_in_bulk
from xinfang.orgs.models import Employer, Org, OrgKind

from .models import Congress, Level

PLACES = ["东湖", "清水河", "黄贝", "桂园", "南湖", "笋岗", "翠竹", "莲塘", "东门", "东晓"]
AREAS = ["商圈", "工业区", "社区", "创意园", "市场", "商业街"]
TRADES = ["餐饮", "物流", "建筑", "商贸", "物业", "电子", "服装", "珠宝", "家政", "汽修", "美容美发", "快递"]
AGENDA = [
    "审议通过工资集体协商方案",
    "审议通过集体合同草案",
    "审议通过女职工权益保护专项集体合同",
    "听取企业经营情况报告",
]


def build(federation: Org, rng: random.Random, count: int) -> str:
    """Up to ``count`` congresses, about 2,000 a year (adds only what is missing: idempotent)."""
    have, orgs = Congress.objects.count(), list(Org.objects.filter(kind=OrgKind.COMMITTEE)) or [federation]
    by = User.objects.filter(org__in=orgs).first() or User.objects.filter(org=federation).first()
    if have >= count or by is None:
        return "职代会：无新增"
    employers = list(Employer.objects.filter(merged_into=None).only("pk", "name", "org_id")[:5000])
    taken = set(Congress.objects.values_list("union_name", "held_on"))
    rows: list[Congress] = []
    links: list[Employer | None] = []
    days = 365 * min(30, max(3, (count - have) // 2000))
    while len(rows) < count - have:
        level = rng.choices(Level.values, [2, 5, 3])[0]
        employer = rng.choice(employers) if level == Level.ENTERPRISE and employers else None
        words, kind = (AREAS, "区域") if level == Level.REGIONAL else (TRADES, "行业")
        name = (
            f"{employer.name}工会" if employer else f"{rng.choice(PLACES)}{rng.choice(words)}{kind}工会联合会"
        )
        held_on = timezone.localdate() - timedelta(days=rng.randint(0, days))
        if (name, held_on) in taken:
            continue
        taken.add((name, held_on))
        org = next((o for o in orgs if employer and o.pk == employer.org_id), None) or rng.choice(orgs)
        start, total = date(held_on.year - rng.randint(0, 2), 1, 1), rng.randint(20, 205)
        rows.append(
            Congress(
                org=org,
                created_by=by,
                held_on=held_on,
                level=level,
                union_name=name,
                term=rng.randint(1, 8),
                term_start=start,
                term_end=date(start.year + 2, 12, 31),
                representatives=total,
                present=rng.randint(total * 2 // 3 + 1, total),
                employer_count=1 if employer else rng.randint(3, 60),
                agenda="\n".join(rng.sample(AGENDA, rng.randint(1, 3))),
            )
        )
        links.append(employer)
    save_in_bulk(rows, by=by, related={"employers": links})
    return f"新增职代会 {len(rows)} 次"
