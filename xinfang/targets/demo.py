"""Demo targets: this year's targets for each working committee on the registered indicators, set around what each
committee did the year before (some fall short, some exceed twice over), so that the completion view shows every
wording."""

from __future__ import annotations

import random

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.figures.registry import Period
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Org

from .completion import committees_of, done_by_org, figure_key, indicators
from .models import Target


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    if Target.objects.exists():
        return "年度任务数已有，未改动"
    setter = User.objects.filter(org=federation, username="fuze").first()
    if setter is None:
        return "没有区总工会负责人，未下达任务数"
    year = timezone.localdate().year
    units = committees_of(federation)
    columns = indicators()
    done = done_by_org(columns, user=setter, orgs=units, period=Period.year(year - 1))
    rows = []
    for unit in units:
        for figure in columns:
            last = int(done.get((unit.pk, figure_key(figure)), 0))
            value = max(1, round(last * rng.choice([0.08, 0.4, 0.8, 1.0, 1.2])))
            rows.append(Target(year=year, org=unit, figure=figure_key(figure), value=value, set_by=setter))
    Target.objects.bulk_create(rows)
    return f"下达{year}年度任务数 {len(rows)} 项"
