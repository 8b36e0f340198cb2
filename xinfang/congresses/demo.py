"""Demo congresses for the district, in bulk: mostly regional and industry ones in the committees, as the
sample summary reports (共召开2020个区域性、行业性职代会)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.orgs.models import Org, OrgKind
from xinfang.orgs.scoping import levels_of

from .models import Congress, Level

PLACES = ["东湖", "清水河", "黄贝", "桂园", "南湖", "笋岗", "翠竹", "莲塘", "东门", "东晓"]
TRADES = ["餐饮", "物流", "建筑", "商贸", "物业", "电子", "服装", "珠宝", "家政", "汽修"]
AGENDA = [
    "审议通过工资集体协商方案",
    "审议通过集体合同草案",
    "审议通过女职工权益保护专项集体合同",
    "听取企业经营情况报告",
    "选举职工董事、职工监事",
]


def build(federation: Org, rng: random.Random, count: int) -> str:
    """Up to ``count`` congresses (adds only what is missing: idempotent)."""
    have = Congress.objects.count()
    orgs = list(Org.objects.filter(kind=OrgKind.COMMITTEE)) or [federation]
    by = User.objects.filter(org__in=orgs).first() or User.objects.filter(is_superuser=False).first()
    if have >= count or by is None:
        return "职代会：无新增"
    today, rows = timezone.localdate(), []
    for i in range(have, count):
        org = rng.choice(orgs)
        level = rng.choices(Level.values, [2, 5, 3])[0]
        held_on = today - timedelta(days=rng.randint(0, 3 * 365))
        start = date(held_on.year - rng.randint(0, 2), 1, 1)
        name = rng.choice(PLACES) + ("" if level == Level.ENTERPRISE else rng.choice(TRADES))
        total = rng.randint(20, 205)
        rows.append(
            Congress(
                org=org,
                created_by=by,
                held_on=held_on,
                level=level,
                term=rng.randint(1, 8),
                union_name=f"{name}{'区域' if level == Level.REGIONAL else '行业' if level == Level.INDUSTRY else '企业'}工会联合会{i}",
                term_start=start,
                term_end=start.replace(year=start.year + 3) - timedelta(days=1),
                representatives=total,
                present=rng.randint(total * 2 // 3 + 1, total),
                employer_count=1 if level == Level.ENTERPRISE else rng.randint(3, 60),
                agenda="\n".join(rng.sample(AGENDA, rng.randint(1, 3))),
                **{f"org_level{d}": v for d, v in enumerate(levels_of(org), start=1)},
            )
        )
    Congress.objects.bulk_create(rows, batch_size=2000)
    return f"新增职代会 {len(rows)} 次"
