"""Demo consultations over the last three years, inserted in bulk (the desk records over a thousand a year)."""

from __future__ import annotations

import random

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Org
from xinfang.orgs.scoping import levels_of
from xinfang.petitions.demo.hours import DeskHours

from .demo_texts import question_and_answer
from .models import Channel, Consultation, Topic

NAMES = ["", "", "张先生", "李女士", "王某", "陈先生", "刘女士", "赵某"]


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    """About 1,200 consultations a year, scaled down for small demos (six for every five demo petitions, at most
    3,600)."""
    return f"新增法律咨询 {make_demo(federation, min(options.petitions * 6 // 5, 3600), rng)} 宗"


def make_demo(federation: Org, count: int, rng: random.Random) -> int:
    """``count`` consultations. Idempotent: nothing when any exists."""
    if Consultation.objects.exists() or count <= 0:
        return 0
    staff = list(User.objects.filter(username__in=["dengji", "chengban", "qingshuihe", "donghu"]))
    if not staff:
        return 0
    hours = DeskHours(rng, now=timezone.now(), days=3 * 365)
    rows = []
    for _ in range(count):
        who = rng.choice(staff)
        topic = rng.choices(Topic.values, [30, 15, 14, 10, 12, 8, 4, 3, 4])[0]
        question, answer = question_and_answer(topic, rng)
        asked_at = hours.at_desk()  # the desk's hours on a working day within the last three years
        org = who.org or federation
        rows.append(
            Consultation(
                org=org,
                asked_at=asked_at,
                channel=rng.choices(Channel.values, [40, 25, 25, 8, 2])[0],
                people_count=rng.choice([1, 1, 1, 1, 2, 3]),
                person_name=rng.choice(NAMES),
                topic=topic,
                question=question,
                answer=answer,
                answered_by=who,
                registered_by=who,
                registered_at=asked_at,
                **{f"org_level{i}": v for i, v in enumerate(levels_of(org), start=1)},
            )
        )
    Consultation.objects.bulk_create(rows, batch_size=2000)
    return count
