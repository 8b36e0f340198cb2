"""``manage.py unions_bench_rows --rows 100000``: fill the unions ledger up to N unions (bulk, idempotent), for
``make bench`` (the unions list is no kit ledger, so ``ledger_bench_rows`` does not fill it)."""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from xinfang.orgs.models import Org, OrgKind
from xinfang.orgs.scoping import levels_of
from xinfang.unions.models import GrassrootsUnion, Origin, UnionKind

BATCH = 5000


class Command(BaseCommand):
    help = "把基层工会补足到指定家数（用于性能测试）"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows: int, **options):
        started = time.monotonic()
        have = GrassrootsUnion.objects.count()
        committees = list(Org.objects.filter(kind=OrgKind.COMMITTEE).order_by("path"))
        if not committees:
            self.stderr.write("没有工委会：请先运行 demo_data。")
            return
        rng = random.Random("unions")
        today = timezone.localdate()
        kinds = [UnionKind.SINGLE] * 8 + [UnionKind.JOINT] + [UnionKind.REGIONAL]
        for start in range(have, rows, BATCH):
            batch = []
            for i in range(start, min(rows, start + BATCH)):
                org = committees[i % len(committees)]
                workers = rng.randint(10, 2000)
                batch.append(
                    GrassrootsUnion(
                        org=org,
                        name=f"性能测试第{i}号基层工会",
                        kind=rng.choice(kinds),
                        origin=Origin.FOUNDED,
                        founded_on=today - timedelta(days=rng.randint(0, 25 * 365)),
                        chair="测试",
                        workers=workers,
                        members=rng.randint(0, workers),
                        **{f"org_level{d}": v for d, v in enumerate(levels_of(org), start=1)},
                    )
                )
            GrassrootsUnion.objects.bulk_create(batch)
        self.stdout.write(f"unions: {GrassrootsUnion.objects.count():,} ({time.monotonic() - started:.0f} s)")
