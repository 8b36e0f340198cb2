"""Load a realistic demo: the organisation, the demo users and the employers, then each ledger's registered demo
part (``ops/demo.py``: petitions, mediations, consultations …) in order. Idempotent: run twice, nothing doubles.

python manage.py demo_data --petitions 3000
python manage.py demo_data --petitions 1000000   # benchmark volume (bulk inserts)
"""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from xinfang.accounts.models import Role, User
from xinfang.lib.creditcode import ALPHABET, make_credit_code
from xinfang.lib.employernames import CloseNames
from xinfang.ops.demo import DemoOptions, demo_parts
from xinfang.orgs.models import Employer, Org, OrgKind, Ownership
from xinfang.people.models import Person
from xinfang.petitions.demo import texts
from xinfang.petitions.demo.employers import employer_name

DEMO_PASSWORD = "xinfang2026"
FEDERATION = "罗湖区总工会"
FEDERATION_CODE = "440303"  # 组织代码: the federation's, and its working committees' 440303-01 …
BATCH = 5000

# (username, name, role, organisation: None = the federation, else a street name)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMINISTRATOR, None),
    ("dengji", "李登记", Role.REGISTRAR, None),
    ("chengban", "王承办", Role.HANDLER, None),
    ("fuze", "张负责", Role.APPROVER, None),
    ("lingdao", "陈领导", Role.LEADER, None),
    ("donghu", "赵东湖", Role.HANDLER, "东湖"),
    ("qingshuihe", "周清水河", Role.REGISTRAR, "清水河"),
]


def _give_code(org: Org, code: str) -> None:
    """The demo organisation's code (组织代码, for imports), also on a demo database made before codes."""
    if not org.code:
        org.code = code
        org.save(update_fields=["code"])


class Command(BaseCommand):
    help = "Load the demo organisation, users, employers and every ledger's demo records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, default=3000, help="total demo petitions wanted")
        parser.add_argument("--employers", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, petitions: int, employers: int, seed: int, **options):
        started = time.monotonic()
        self.rng = random.Random(seed)
        with transaction.atomic():
            federation = self.make_orgs()
            self.make_users(federation)
            self.make_employers(federation, employers)
        chosen = DemoOptions(
            petitions=petitions,
            employers=employers,
            progress=lambda line: self.stdout.write(line, ending="\r"),
        )
        summaries = [part.build(federation, self.rng, chosen) for part in demo_parts()]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, after the bulk inserts
        self.stdout.write(
            f"演示数据：{Org.objects.count()} 个组织，{Employer.objects.count()} 家用人单位，"
            f"{Person.objects.count()} 名人员，{'，'.join(summaries)}"
            f"（用时 {time.monotonic() - started:.0f} 秒）"
        )

    # Organisation -------------------------------------------------------------------------------------------
    def make_orgs(self) -> Org:
        federation, _ = Org.objects.get_or_create(
            name=FEDERATION,
            parent=None,
            defaults={"kind": OrgKind.FEDERATION, "short_name": "区总", "petition_prefix": "罗工信"},
        )
        _give_code(federation, FEDERATION_CODE)
        for name in ("深圳市总工会", "广东省总工会"):
            Org.objects.get_or_create(name=name, parent=None, defaults={"kind": OrgKind.UPPER})
        Org.objects.get_or_create(name="区信访局", parent=None, defaults={"kind": OrgKind.PARTNER})
        for name in texts.PARTNERS:
            Org.objects.get_or_create(name=name, parent=federation, defaults={"kind": OrgKind.PARTNER})
        for number, street in enumerate(texts.STREETS, start=1):
            committee, _ = Org.objects.get_or_create(
                name=f"{street}街道工委会",
                parent=federation,
                defaults={"kind": OrgKind.COMMITTEE, "short_name": f"{street}工委"},
            )
            _give_code(committee, f"{FEDERATION_CODE}-{number:02d}")
            for partner in texts.STREET_PARTNERS:
                Org.objects.get_or_create(
                    name=f"{street}街道{partner}", parent=committee, defaults={"kind": OrgKind.PARTNER}
                )
            if not committee.children.filter(kind=OrgKind.GRASSROOTS).exists():
                for i in range(30):
                    Org.objects.create(
                        name=f"{street}{self.firm_name(i)}工会", parent=committee, kind=OrgKind.GRASSROOTS
                    )
        return federation

    def firm_name(self, i: int) -> str:
        words, trades = texts.FIRM_WORDS, texts.TRADES
        return f"{words[i % len(words)]}{trades[(i * 7 + len(words)) % len(trades)]}有限公司"

    def make_users(self, federation: Org) -> None:
        for username, name, role, street in DEMO_USERS:
            org = federation if street is None else Org.objects.get(name=f"{street}街道工委会")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "name": name,
                    "role": role,
                    "org": org,
                    "is_staff": role == Role.ADMINISTRATOR,
                    "is_superuser": role == Role.ADMINISTRATOR,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()

    def make_employers(self, federation: Org, wanted: int) -> None:
        have = Employer.objects.count()
        if have >= wanted:
            return
        committees = list(Org.objects.filter(kind=OrgKind.COMMITTEE, parent=federation))
        rows = []
        names = CloseNames(Employer.objects.values_list("name", flat=True))
        for i in range(have, wanted):
            street = committees[i % len(committees)]
            body = "".join(self.rng.choice(ALPHABET) for _ in range(9))
            sole = i % 5 == 4
            name = employer_name(self.rng, street=street.name[:-5], sole=sole, taken=names)
            rows.append(
                Employer(
                    name=name,
                    credit_code=make_credit_code(f"{'92' if sole else '91'}440303{body}"),
                    industry=texts.industry_of(name),
                    org=street,
                    ownership=Ownership.SOLE_TRADER
                    if sole
                    else self.rng.choice(
                        [
                            Ownership.PRIVATE,
                            Ownership.PRIVATE,
                            Ownership.FOREIGN,
                            Ownership.HMT,
                            Ownership.STATE,
                        ]
                    ),
                    address=f"深圳市罗湖区{self.rng.choice(texts.ADDRESS_ROADS)}{self.rng.randint(1, 3000)}号",
                    employees=self.rng.randint(3, 12) if sole else self.rng.randint(20, 2000),
                    has_union=self.rng.random() < 0.6,
                )
            )
        Employer.objects.bulk_create(rows, batch_size=BATCH)
