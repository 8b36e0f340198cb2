"""The petitions' demo part (registered in ``contributions``, run by ``manage.py demo_data``): demo petitions in
bulk (people, petitioners, registration events, the intake clocks of recent ones), then a sample walked through
the real workflow (``workflow.walk``). Idempotent: only the petitions still missing are added, and the walk runs
once."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from xinfang.accounts.abilities import roles_with
from xinfang.accounts.models import User
from xinfang.clocks.models import work_calendar
from xinfang.clocks.scope import follow_records
from xinfang.lib.idnumber import make_id_number
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import MAX_SCOPE_DEPTH, Employer, Org, OrgKind, ancestor_ids
from xinfang.people.models import Person
from xinfang.policies.models import policy

from ..actions.clocks import CLOCKS
from ..models import (
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
from . import texts
from . import workflow as demo_workflow
from .hours import DeskHours
from .rows import RowWriter

BATCH = 5000
CHANNEL_WEIGHTS = [
    (Channel.VISIT, 34),
    (Channel.PHONE, 20),
    (Channel.HOTLINE, 22),
    (Channel.ONLINE, 14),
    (Channel.LETTER, 9),
    (Channel.FAX, 1),
]
AREAS = ["440303", "440304", "440305", "440306", "440307", "445222", "441481", "360721", "430521", "450921"]


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    """Up to ``options.petitions`` demo petitions in all, then the workflow walk."""
    existing = Petition.objects.filter(federation=federation).count()
    wanted = max(options.petitions - existing, 0)
    if wanted:
        PetitionDemo(rng, options.progress).make_petitions(federation, wanted)
    with transaction.atomic():
        walked = demo_workflow.walk(federation, rng)
    return f"{Petition.objects.count()} 件信访（本次新增 {wanted} 件，其中 {walked} 件生成办理过程）"


def _desk_roles() -> list[str]:
    """Who registered the demo petitions: the staff who register but do not approve (registrars, handlers)."""
    return sorted(set(roles_with("petitions.register")) - set(roles_with("petitions.approve")))


class PetitionDemo:
    """Bulk rows of people, petitions, petitioners, events and clocks (``RowWriter``: plain executemany)."""

    def __init__(self, rng: random.Random, progress: Callable[[str], None]):
        self.rng = rng
        self.progress = progress

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
            User.objects.filter(org__in=handling_orgs, role__in=_desk_roles()).values_list("pk", flat=True)
        )
        names = self.make_people(max(count // 2, 50), handling_orgs, [e[0] for e in employers])
        people = list(names)
        threshold = policy("collective_visit_threshold")
        hours = DeskHours(rng, now=timezone.now(), days=3 * 365)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS, strict=True)
        # Online petitions come at any hour; everything else is received at the desk, in office hours.
        received = sorted(
            (hours.any_hour() if channel == Channel.ONLINE else hours.at_desk(), channel)
            for channel in rng.choices(channels, channel_weights, k=count)
        )
        next_seq = dict(PetitionCounter.objects.filter(federation=federation).values_list("year", "last_seq"))
        start_pk = (Petition.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start_event = (PetitionEvent.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
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
        for n, (received_at, channel) in enumerate(received):
            pk = start_pk + n
            year = timezone.localtime(received_at).year
            next_seq[year] = seq = next_seq.get(year, 0) + 1
            number = f"{federation.petition_prefix}〔{year}〕{seq:04d}"
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
                self.progress(f"  已生成 {n + 1}/{count} 件")
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
        follow_records(CLOCKS, Petition.objects.filter(pk__gte=start_pk).values("pk"))  # rows written raw

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
