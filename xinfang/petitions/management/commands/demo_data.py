"""Load a realistic demo organisation, demo users and demo petitions. Idempotent: run twice, nothing doubles.

python manage.py demo_data --petitions 3000
python manage.py demo_data --petitions 1000000   # benchmark volume (bulk inserts)
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from xinfang.accounts.models import Role, User
from xinfang.clocks.models import work_calendar
from xinfang.consultations import demo as consultation_demo
from xinfang.lib.creditcode import ALPHABET, make_credit_code
from xinfang.lib.employernames import CloseNames
from xinfang.lib.idnumber import make_id_number
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.mediations import demo as mediation_demo
from xinfang.orgs.models import MAX_SCOPE_DEPTH, Employer, Industry, Org, OrgKind, Ownership, ancestor_ids
from xinfang.people.models import Person
from xinfang.petitions.demo import texts
from xinfang.petitions.demo import workflow as demo_workflow
from xinfang.petitions.demo.employers import employer_name
from xinfang.petitions.demo.rows import RowWriter
from xinfang.petitions.models import (
    Category,
    Channel,
    Clock,
    ClockKind,
    EventKind,
    Kind,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionerRole,
    PetitionEvent,
)
from xinfang.policies.models import policy

DEMO_PASSWORD = "xinfang2026"
FEDERATION = "罗湖区总工会"
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
CHANNEL_WEIGHTS = [
    (Channel.VISIT, 34),
    (Channel.PHONE, 20),
    (Channel.HOTLINE, 22),
    (Channel.ONLINE, 14),
    (Channel.LETTER, 9),
    (Channel.FAX, 1),
]
AREAS = ["440303", "440304", "440305", "440306", "440307", "445222", "441481", "360721", "430521", "450921"]


class Command(BaseCommand):
    help = "Load the demo organisation, users and petitions (idempotent)."

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
        existing = Petition.objects.filter(federation=federation).count()
        wanted = max(petitions - existing, 0)
        if wanted:
            self.make_petitions(federation, wanted)
        with transaction.atomic():
            walked = demo_workflow.walk(federation, self.rng)
        # About 200 mediations and 1,200 consultations a year, scaled down for small demos.
        with transaction.atomic():
            mediations = mediation_demo.make_demo(federation, min(petitions // 5, 600), self.rng)
        consultations = consultation_demo.make_demo(federation, min(petitions * 6 // 5, 3600), self.rng)
        if connection.vendor == "sqlite" or wanted:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"演示数据：{Org.objects.count()} 个组织，{Employer.objects.count()} 家用人单位，"
            f"{Person.objects.count()} 名人员，{Petition.objects.count()} 件信访"
            f"（本次新增 {wanted} 件，其中 {walked} 件生成办理过程），"
            f"新增调解案件 {mediations} 宗、法律咨询 {consultations} 宗（用时 {time.monotonic() - started:.0f} 秒）"
        )

    # Organisation -------------------------------------------------------------------------------------------
    def make_orgs(self) -> Org:
        federation, _ = Org.objects.get_or_create(
            name=FEDERATION,
            parent=None,
            defaults={"kind": OrgKind.FEDERATION, "short_name": "区总", "petition_prefix": "罗工信"},
        )
        for name in ("深圳市总工会", "广东省总工会"):
            Org.objects.get_or_create(name=name, parent=None, defaults={"kind": OrgKind.UPPER})
        Org.objects.get_or_create(name="区信访局", parent=None, defaults={"kind": OrgKind.PARTNER})
        for name in texts.PARTNERS:
            Org.objects.get_or_create(name=name, parent=federation, defaults={"kind": OrgKind.PARTNER})
        for street in texts.STREETS:
            committee, _ = Org.objects.get_or_create(
                name=f"{street}街道工委会",
                parent=federation,
                defaults={"kind": OrgKind.COMMITTEE, "short_name": f"{street}工委"},
            )
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
                    industry=self.rng.choice(Industry.values),
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

    # People and petitions -------------------------------------------------------------------------------------
    def person_name(self) -> str:
        given = self.rng.choice(texts.GIVEN) + (
            self.rng.choice(texts.GIVEN) if self.rng.random() < 0.6 else ""
        )
        return self.rng.choice(texts.SURNAMES) + given[:2]

    def make_people(self, count: int, orgs: list[Org], employer_ids: list[int]) -> dict[int, str]:
        """Insert ``count`` new people; returns their names by id."""
        rng = self.rng
        start = (Person.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        seen = set(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
        writer = RowWriter(
            Person,
            ["id", "name", "id_number", "phone", "gender", "address", "employer_id", "org_id", "created_at"],
        )
        now = timezone.now()
        names: dict[int, str] = {}
        self.identities: dict[int, tuple[str, str, str, str]] = {}  # the snapshot a petitioner row keeps
        for pk in range(start, start + count):
            born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))
            # One in ten has no ID number on file; a number that happens to repeat is left out too (unique).
            number = make_id_number(rng.choice(AREAS), born, pk % 1000) if pk % 10 else ""
            if number in seen:
                number = ""
            elif number:
                seen.add(number)
            names[pk] = self.person_name()
            phone = f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"
            address = f"深圳市罗湖区{rng.choice(texts.ADDRESS_ROADS)}"
            self.identities[pk] = (number, phone, "M" if pk % 2 else "F", address)
            writer.add(
                pk,
                names[pk],
                number,
                phone,
                "M" if pk % 2 else "F",
                address,
                rng.choice(employer_ids),
                rng.choice(orgs).pk,
                now,
            )
            if len(writer.rows) >= BATCH:
                writer.flush()
        writer.flush()
        return names

    def make_petitions(self, federation: Org, count: int) -> None:
        rng = self.rng
        handling_orgs = list(Org.objects.subtree(federation).exclude(kind=OrgKind.PARTNER))
        weights = [
            20 if o.kind == OrgKind.FEDERATION else 5 if o.kind == OrgKind.COMMITTEE else 0.2
            for o in handling_orgs
        ]
        levels = {
            o.pk: (ancestor_ids(o.path) + [None] * MAX_SCOPE_DEPTH)[:MAX_SCOPE_DEPTH] for o in handling_orgs
        }
        employers = list(Employer.objects.values_list("pk", "name"))
        categories = list(Category.objects.filter(parent__isnull=False).values_list("pk", "name"))
        registrars = list(
            User.objects.filter(org__in=handling_orgs, role__in=[Role.REGISTRAR, Role.HANDLER]).values_list(
                "pk", flat=True
            )
        )
        names = self.make_people(max(count // 2, 50), handling_orgs, [e[0] for e in employers])
        people = list(names)
        threshold = policy("collective_visit_threshold")
        now = timezone.now()
        span = int(timedelta(days=3 * 365).total_seconds())
        received = sorted(now - timedelta(seconds=rng.randint(600, span)) for _ in range(count))
        next_seq = dict(PetitionCounter.objects.filter(federation=federation).values_list("year", "last_seq"))
        start_pk = (Petition.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start_event = (PetitionEvent.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        channels, channel_weights = zip(*CHANNEL_WEIGHTS, strict=True)
        petitions = RowWriter(
            Petition,
            [
                "id",
                "federation_id",
                "year",
                "seq",
                "number",
                "channel",
                "received_at",
                "source",
                "source_ref",
                "kind",
                "category_id",
                "employer_id",
                "people_count",
                "is_collective",
                "petitioner_names",
                "request",
                "facts",
                "reasons",
                "amount",
                "is_urgent",
                "is_confidential",
                "status",
                "org_id",
                "registered_by_id",
                "registered_at",
                "version",
                "intake_decision",
                "intake_reason_code",
                "intake_reason",
                "org_level1",
                "org_level2",
                "org_level3",
                "org_level4",
            ],
        )
        links = RowWriter(
            Petitioner,
            ["petition_id", "person_id", "role", "order", "name", "id_number", "phone", "gender", "address"],
        )
        events = RowWriter(PetitionEvent, ["id", "petition_id", "at", "by_id", "kind", "summary", "changes"])
        for n, received_at in enumerate(received):
            pk = start_pk + n
            year = timezone.localtime(received_at).year
            next_seq[year] = seq = next_seq.get(year, 0) + 1
            number = f"{federation.petition_prefix}〔{year}〕{seq:04d}"
            channel = rng.choices(channels, channel_weights)[0]
            collective = channel == Channel.VISIT and rng.random() < 0.08
            if collective:
                people_count = rng.randint(threshold, 60)
                listed = rng.randint(1, 5)
            else:
                people_count = 1 if rng.random() < 0.9 else rng.randint(2, 4)
                listed = min(people_count, 2)
            kind = rng.choices([Kind.CLAIM, Kind.SUGGESTION, Kind.ACCUSATION], [85, 8, 7])[0]
            employer_id, employer_name = rng.choice(employers)
            category_id, category_name = rng.choice(categories)
            amount = (
                Decimal(rng.randint(2000, 300000 if collective else 60000)) if rng.random() < 0.6 else None
            )
            request, facts, reasons = texts.REQUESTS.get(category_name, texts.DEFAULT_TEXT)
            fill = {
                "employer": employer_name,
                "amount": amount or "",
                "month": rng.randint(1, 12),
                "months": rng.randint(1, 6),
                "years": rng.randint(1, 8),
            }
            registrar = rng.choice(registrars)
            registered_at = received_at + timedelta(minutes=rng.randint(1, 90))
            org = rng.choices(handling_orgs, weights)[0]
            urgent = (collective and rng.random() < 0.3) or rng.random() < 0.005
            parties = rng.sample(people, listed)
            petitions.add(
                pk,
                federation.pk,
                year,
                seq,
                number,
                channel,
                received_at,
                "direct",
                "",
                kind,
                category_id,
                employer_id,
                people_count,
                collective,
                "、".join(names[p] for p in parties)[:200],
                request.format(**fill),
                facts.format(**fill),
                reasons.format(**fill),
                amount,
                urgent,
                kind == Kind.ACCUSATION,
                "registered",
                org.pk,
                registrar,
                registered_at,
                1,
                "",
                "",
                "",
                *levels[org.pk],
            )
            for i, person_pk in enumerate(parties):
                role = (
                    PetitionerRole.REPRESENTATIVE
                    if collective
                    else PetitionerRole.MAIN
                    if i == 0
                    else PetitionerRole.CO
                )
                links.add(pk, person_pk, role, i, names[person_pk], *self.identities[person_pk])
            events.add(
                start_event + n,
                pk,
                registered_at,
                registrar,
                EventKind.REGISTERED,
                f"{Channel(channel).label}登记，编号{number}",
                {},
            )
            if len(petitions.rows) >= BATCH:
                self.flush(petitions, links, events)
                self.stdout.write(f"  已生成 {n + 1}/{count} 件", ending="\r")
        self.flush(petitions, links, events)
        for year, last in next_seq.items():
            PetitionCounter.objects.update_or_create(
                federation=federation, year=year, defaults={"last_seq": last}
            )
        if connection.vendor == "postgresql":
            self.reset_sequences()  # before the clocks, whose rows take ids from the sequences
        self.make_intake_clocks(start_pk)

    def make_intake_clocks(self, start_pk: int) -> None:
        """The intake clock of each new demo petition received in the last 30 days (older demo petitions carry
        no clocks: their handling history is not generated)."""
        calendar = work_calendar()
        days, roll = policy("intake_notice_days"), bool(policy("deadline_roll_forward"))
        since = timezone.now() - timedelta(days=30)
        recent = Petition.objects.filter(pk__gte=start_pk, received_at__gte=since).values_list(
            "pk", "received_at", "registered_at", "registered_by_id"
        )
        clocks = RowWriter(Clock, ["petition_id", "kind", "started_on", "days", "unit", "due_on"])
        events = RowWriter(PetitionEvent, ["petition_id", "at", "by_id", "kind", "summary", "changes"])
        for pk, received_at, registered_at, by_id in recent.iterator():
            started_on = timezone.localdate(received_at)
            deadline = due_date(calendar, started_on, days, CALENDAR_DAYS, roll_forward=roll)
            clocks.add(pk, ClockKind.INTAKE, started_on, days, CALENDAR_DAYS, deadline.due_on)
            events.add(
                pk,
                registered_at,
                by_id,
                EventKind.CLOCK_STARTED,
                f"受理告知期限：{days}日，期满日{deadline.due_on.year}年{deadline.due_on.month}月{deadline.due_on.day}日",
                {"clock": ClockKind.INTAKE, "due_on": deadline.due_on.isoformat()},
            )
        self.flush(clocks, events)

    def flush(self, *writers: RowWriter) -> None:
        with transaction.atomic():
            for writer in writers:
                writer.flush()

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        models = [Person, Petition, PetitionEvent, Petitioner, Clock]
        sql = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
