"""Demo consultations over the last three years, inserted in bulk (the desk records over a thousand a year)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Org
from xinfang.orgs.scoping import levels_of

from .models import Channel, Consultation, Topic

QA = {
    Topic.WAGES: (
        "公司拖欠工资两个月，怎么维权？",
        "可向工会反映或到劳动监察大队投诉，也可申请劳动争议调解、仲裁。",
    ),
    Topic.CONTRACT: (
        "入职三个月还没签劳动合同，怎么办？",
        "超过一个月未签书面合同的，可主张二倍工资，建议保留考勤和工资记录。",
    ),
    Topic.SOCIAL_INSURANCE: (
        "单位不给买社保合法吗？",
        "用人单位应依法缴纳社会保险，可向社保经办机构投诉要求补缴。",
    ),
    Topic.WORK_INJURY: (
        "上班路上被车撞了算工伤吗？",
        "非本人主要责任的通勤交通事故可认定工伤，单位应在30日内申请认定。",
    ),
    Topic.DISMISSAL: (
        "被公司辞退有补偿吗？",
        "单位违法解除的应支付赔偿金，依法解除的按工作年限支付经济补偿。",
    ),
    Topic.HOURS: ("周末加班没有加班费怎么办？", "休息日加班又不能补休的，应支付不低于工资200%的加班费。"),
    Topic.WOMEN: (
        "怀孕期间能被辞退吗？",
        "女职工孕期、产期、哺乳期内，单位不得依照第四十条、第四十一条解除合同。",
    ),
    Topic.UNION: (
        "我们公司怎么成立工会？",
        "25人以上的单位应建立工会委员会，可向所在街道工委会申请指导组建。",
    ),
    Topic.OTHER: ("年假怎么计算？", "累计工作满1年不满10年的，年休假5天；满10年不满20年的10天。"),
}
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
    now = timezone.now()
    rows = []
    for _ in range(count):
        who = rng.choice(staff)
        topic = rng.choices(Topic.values, [30, 15, 14, 10, 12, 8, 4, 3, 4])[0]
        question, answer = QA[Topic(topic)]
        # Office hours, 8:30 to 17:30, on a day within the last three years.
        day = timezone.localtime(now) - timedelta(days=rng.randint(1, 3 * 365))
        asked_at = day.replace(hour=8, minute=30, second=0, microsecond=0) + timedelta(
            minutes=rng.randint(0, 540)
        )
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
