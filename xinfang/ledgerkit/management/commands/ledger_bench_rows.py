"""``manage.py ledger_bench_rows --rows 100000``: fill every kit ledger up to N records with its demo builder
(bulk, idempotent), for ``make bench``."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection

from xinfang.ledgerkit.declaration import ledgers
from xinfang.orgs.models import Org


class Command(BaseCommand):
    help = "把每个套件台账的演示数据补足到指定条数（用于性能测试）"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, rows: int, **options):
        federation = Org.objects.filter(parent__isnull=True).order_by("pk").first()
        if federation is None:
            self.stderr.write("没有组织：请先运行 demo_data。")
            return
        for ledger in ledgers():
            if ledger.demo is None:
                continue
            started = time.monotonic()
            result = ledger.demo(federation, random.Random(ledger.key), rows)
            if connection.vendor == "postgresql":  # fresh statistics and visibility map for the planner
                with connection.cursor() as cursor:
                    cursor.execute(f'VACUUM ANALYZE "{ledger.model._meta.db_table}"')
            self.stdout.write(f"{ledger.key}: {result} ({time.monotonic() - started:.0f} s)")
