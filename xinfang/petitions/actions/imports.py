"""Registering petitions from a file (数据导入): the registration of ``register_petition`` for a batch of rows.

The same checks as the page (``registration._validate``: channels, kinds, sources, texts and their limits, the
petitioners, the collective-visit rules), the same scope (the responsible organisation in the user's subtree,
the employer register's scope), the same records (the petition, its petitioners' snapshots and persons, its
registration event, its clocks with their events, the repeat flag) — but what touches the database runs once per
batch: the categories, the organisations' federations, the persons, the employers, the earlier matters, the
numbers, the clocks and the events are read and written for the whole batch at once.

What an import adds to the page:

- **numbers** (信访编号): a row may keep its number (the federation's prefix, 〔year〕, the sequence); a number
  already used is the row's problem. The yearly counter is moved past the highest kept number, so that the next
  number registered (on the page or by an import) follows it. A row without a number is numbered in the year of
  its registration, as on the page.
- **historical petitions** (历史数据): a row with a conclusion (处理意见, 答复日期) is registered as concluded
  (and rated, with a rating). Its clocks — handling, rating — are recorded with their dates, stopped, and
  ``is_historical``: a reply after the handling period counts as late in statistics, but no reminder, queue,
  recomputation or ``tick`` ever touches them. A row without a conclusion is live work: its clocks run as on the
  page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.actions import UNIT_LABELS
from xinfang.clocks.models import SCOPE_COLUMNS, work_calendar
from xinfang.lib import creditcode, idnumber, limits
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workdays import CALENDAR_DAYS, WORKING_DAYS, due_date
from xinfang.orgs.models import Employer, Org, find_or_record_body
from xinfang.people.models import Person
from xinfang.people.registry import PersonEntry, find_or_create_people
from xinfang.policies.models import policies_read_once, policy

from ..inputs import PetitionImportIn
from ..models import (
    Category,
    Clock,
    ClockKind,
    EventKind,
    IntakeDecision,
    Kind,
    Outcome,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionEvent,
    Source,
    Status,
    TerminationReason,
)
from ..models.choices import Delivery, Rating, RatingMethod
from .clocks import moment_of
from .registration import _snapshot, _validate, is_collective_visit

CLOCK_LABELS = dict(ClockKind.choices)
NUMBER = re.compile(r"^(?P<prefix>.*)〔(?P<year>\d{4})〕(?P<seq>\d{1,6})$")


class RowsRefused(Exception):
    """Some rows of the batch were refused: their errors by the row's position in the batch."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


@dataclass
class _Policies:
    """The policies a batch needs, read once."""

    intake_days: int
    objection_days: int
    handling_days: int
    rating_days: int
    roll_forward: bool

    dues: dict[tuple[date, int, str], date] = field(default_factory=dict)

    def due(self, calendar, start: date, days: int, unit: str) -> date:
        """The due date of a period, computed once per start, length and unit for the batch."""
        key = (start, days, unit)
        if key not in self.dues:
            self.dues[key] = due_date(calendar, start, days, unit, roll_forward=self.roll_forward).due_on
        return self.dues[key]

    @classmethod
    def read(cls) -> _Policies:
        return cls(
            intake_days=policy("intake_notice_days"),
            objection_days=policy("objection_working_days"),
            handling_days=policy("handling_days"),
            rating_days=policy("rating_window_days"),
            roll_forward=bool(policy("deadline_roll_forward")),
        )


def number_parts(number: str, federation: Org) -> tuple[int, int] | str:
    """A kept number's year and sequence, or the problem with it (in Chinese)."""
    match = NUMBER.match(number.strip())
    if match is None:
        return f"信访编号格式应为“{federation.petition_prefix}〔年度〕序号”，如{federation.petition_prefix}〔2025〕0001。"
    if match["prefix"] != federation.petition_prefix:
        return f"信访编号的前缀应为“{federation.petition_prefix}”。"
    year, seq = int(match["year"]), int(match["seq"])
    if not 1990 <= year <= timezone.localdate().year or seq < 1:
        return "信访编号的年度或序号无效。"
    return year, seq


def format_number(federation: Org, year: int, seq: int) -> str:
    return f"{federation.petition_prefix}〔{year}〕{seq:04d}"


def validate_imports(*, by: User, rows: list[PetitionImportIn]) -> dict[int, ValidationError]:
    """The registration checks of every row (what the page checks, plus a kept number's form and a historical
    conclusion), the database read once for the batch (the policies too). Nothing is written. The errors by the
    row's position."""
    with policies_read_once():
        return _validate_imports(by, rows)


def _validate_imports(by: User, rows: list[PetitionImportIn]) -> dict[int, ValidationError]:
    if not by.can("petitions.register") or by.org is None:
        raise NotAllowed("您的角色不能登记信访件。")
    refused: dict[int, ValidationError] = {}
    categories = {
        c.pk: c for c in Category.objects.filter(pk__in={r.category_id for r in rows if r.category_id})
    }
    orgs = _orgs(by, rows)
    bodies = set(
        Org.objects.routable()
        .filter(pk__in={r.source_org_id for r in rows if r.source_org_id})
        .values_list("pk", flat=True)
    )
    employers = set(
        Employer.objects.visible_to(by)
        .filter(pk__in={r.employer_id for r in rows if r.employer_id})
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for i, data in enumerate(rows):
        errors = FieldErrors()
        _validate(data, errors)
        org = orgs.get(data.org_id or by.org.pk)
        if org is None:
            errors.add("org", "所选责任组织不在您的管辖范围内。")
        elif org.federation_cached is None:  # type: ignore[attr-defined]
            errors.add("org", "该组织不属于任何区总工会，无法登记。")
        category = categories.get(data.category_id or 0)
        if category is None or not category.is_active:
            errors.add("category", "请选择诉求类别。")
        elif category.parent_id is None:
            errors.add("category", "诉求类别请选择到第二级。")
        if data.source_org_id and data.source_org_id not in bodies:
            errors.add("source_org", "所选转送/交办机关不存在。")
        if data.employer_id and data.employer_id not in employers:
            errors.add("employer", "所选被反映单位不存在。")
        if data.new_employer is not None and data.new_employer.credit_code:
            errors.check(
                "employer", creditcode.validate_credit_code, creditcode.normalize(data.new_employer.credit_code),
                "被反映单位的",
            )  # fmt: skip
        if data.received_at is not None:
            errors.check_date("received_at", timezone.localdate(data.received_at), label="收到时间")
        if data.number and org is not None and org.federation_cached is not None:  # type: ignore[attr-defined]
            parts = number_parts(data.number, org.federation_cached)  # type: ignore[attr-defined]
            if isinstance(parts, str):
                errors.add("number", parts)
        _validate_conclusion(data, errors, today)
        if errors.by_field:
            refused[i] = ValidationError(errors.by_field)
    return refused


def _validate_conclusion(data: PetitionImportIn, errors: FieldErrors, today: date) -> None:
    concluded = bool(data.outcome or data.replied_on)
    if concluded:
        if data.outcome not in Outcome.values:
            errors.add("outcome", "历史办结件请选择处理意见。")
        if data.replied_on is None:
            errors.add("replied_on", "历史办结件请填写答复日期。")
        elif data.replied_on > today:
            errors.add("replied_on", "答复日期不能晚于今天。")
        elif data.received_at is not None and data.replied_on < timezone.localdate(data.received_at):
            errors.add("replied_on", "答复日期不能早于收到日期。")
        if data.delivery and data.delivery not in Delivery.values:
            errors.add("delivery", "请选择送达方式。")
        if limits.is_negative(data.amount_recovered):
            errors.add("amount_recovered", "追回金额不能为负数。")
        errors.check_limits(Petition, data, fields=("decision_text", "legal_basis", "amount_recovered"))
    elif data.decision_text or data.legal_basis or data.delivery or data.amount_recovered is not None:
        errors.add("outcome", "填写了办结信息的，请同时填写处理意见和答复日期。")
    rated = bool(data.rating or data.rated_on or data.rating_method)
    if rated:
        if not concluded:
            errors.add("rating", "未办结的信访件不能填写满意度评价。")
        if data.rating not in Rating.values:
            errors.add("rating", "请选择满意度评价。")
        if data.rating_method and data.rating_method not in RatingMethod.values:
            errors.add("rating_method", "请选择评价方式。")
        if data.rated_on is not None:
            if data.rated_on > today:
                errors.add("rated_on", "评价日期不能晚于今天。")
            elif data.replied_on is not None and data.rated_on < data.replied_on:
                errors.add("rated_on", "评价日期不能早于答复日期。")


def _orgs(by: User, rows: list[PetitionImportIn]) -> dict[int, Org]:
    """The responsible organisations named (in the user's scope), each with its federation (``federation_cached``):
    a few queries for the batch (a file names few organisations)."""
    assert by.org is not None
    wanted = {r.org_id for r in rows if r.org_id} | {by.org.pk}
    orgs = {o.pk: o for o in Org.objects.visible_to(by).filter(pk__in=wanted)}
    for org in orgs.values():
        org.federation_cached = org.federation()  # type: ignore[attr-defined]
    return orgs


@dataclass(frozen=True)
class Checked:
    """Rows that ``validate_imports`` passed for a user, in this transaction (an import checks a batch, then saves
    it at once): ``import_petitions`` does not check them a second time."""

    user_id: int
    rows: frozenset[int]  # id() of the inputs

    @classmethod
    def of(cls, by: User, rows: list[PetitionImportIn]) -> Checked:
        return cls(by.pk, frozenset(id(r) for r in rows))

    def covers(self, by: User, rows: list[PetitionImportIn]) -> bool:
        return by.pk == self.user_id and all(id(r) in self.rows for r in rows)


@transaction.atomic
def import_petitions(
    *, by: User, rows: list[PetitionImportIn], checked: Checked | None = None
) -> list[Petition]:
    """Register a batch of petitions from a file. Raises ``RowsRefused`` (the errors of each refused row; nothing
    of the batch is saved) or NotAllowed. ``checked``: the rows were just checked by ``validate_imports``."""
    if not by.can("petitions.register") or by.org is None:
        raise NotAllowed("您的角色不能登记信访件。")
    if checked is None or not checked.covers(by, rows):
        refused = validate_imports(by=by, rows=rows)
        if refused:
            raise RowsRefused(refused)
    with policies_read_once():
        return _import(by, rows)


def _import(by: User, rows: list[PetitionImportIn]) -> list[Petition]:
    orgs = _orgs(by, rows)
    now = timezone.now()
    year = timezone.localdate(now).year
    pol = _Policies.read()
    calendar = work_calendar()
    home = by.org
    assert home is not None

    employers = _employers(rows, by=by, home=home)
    numbers = _numbers(rows, orgs, by=by, year=year)
    people = _people(rows, orgs, home)

    petitions = []
    for i, data in enumerate(rows):
        org = orgs[data.org_id or home.pk]
        federation = org.federation_cached  # type: ignore[attr-defined]
        number_year, seq, number = numbers[i]
        is_confidential = (
            data.kind == Kind.ACCUSATION if data.is_confidential is None else data.is_confidential
        )
        source_org_id = data.source_org_id
        if data.source != Source.DIRECT and not source_org_id:
            source_org_id = find_or_record_body(data.source_org_name, field="source_org").pk
        concluded = data.replied_on is not None
        rated = concluded and bool(data.rating)
        petitions.append(
            Petition(
                federation=federation,
                year=number_year,
                seq=seq,
                number=number,
                channel=data.channel,
                received_at=data.received_at,
                source=data.source,
                source_org_id=source_org_id if data.source != Source.DIRECT else None,
                source_ref=data.source_ref.strip() if data.source != Source.DIRECT else "",
                kind=data.kind,
                category_id=data.category_id,  # type: ignore[misc]  # checked: a category
                employer_id=employers[i],
                people_count=data.people_count,
                is_collective=is_collective_visit(data.channel, data.people_count),
                petitioner_names="、".join(p.name.strip() for p in data.petitioners)[:200],
                request=data.request.strip(),
                facts=data.facts.strip(),
                reasons=data.reasons.strip(),
                amount=data.amount,
                is_urgent=data.is_urgent,
                is_confidential=is_confidential,
                org=org,
                registered_by=by,
                status=(Status.RATED if rated else Status.CONCLUDED) if concluded else Status.REGISTERED,
                intake_decision=IntakeDecision.ACCEPT if concluded else "",
                intake_decided_at=data.received_at if concluded else None,
                outcome=data.outcome if concluded else "",
                decision_text=data.decision_text.strip() if concluded else "",
                legal_basis=data.legal_basis.strip() if concluded else "",
                replied_on=data.replied_on,
                delivery=data.delivery if concluded else "",
                amount_recovered=data.amount_recovered if concluded else None,
                concluded_by=by if concluded else None,
                rating=data.rating if rated else "",
                rated_on=(data.rated_on or data.replied_on) if rated else None,
                rating_method=data.rating_method if rated else "",
                rated_by=by if rated else None,
            )
        )
    for petition in petitions:
        petition.set_org_levels()  # what ``save`` does: bulk_create does not call it
    Petition.objects.bulk_create(petitions)
    Petitioner.objects.bulk_create(
        Petitioner(petition=petition, person=person, role=p.role, order=j, **_snapshot(p, person))
        for petition, data, persons in zip(petitions, rows, people, strict=True)
        for j, (p, person) in enumerate(zip(data.petitioners, persons, strict=True))
    )
    events: list[PetitionEvent] = []
    clocks: list[tuple[Clock, str]] = []
    for petition, data in zip(petitions, rows, strict=True):
        historical = data.replied_on is not None
        events.append(
            PetitionEvent(
                petition=petition,
                by=by,
                kind=EventKind.REGISTERED,
                summary=f"{petition.get_channel_display()}登记，编号{petition.number}"
                + ("（数据导入，历史办结件）" if historical else "（数据导入）"),
                changes={},
            )
        )
        clocks.extend(_clocks(petition, data, pol, calendar, now))
    for clock, _ in clocks:  # what ``AbstractClock.save`` does: bulk_create does not call it
        for column in SCOPE_COLUMNS:
            setattr(clock, column, getattr(clock.petition, column))
    Clock.objects.bulk_create([clock for clock, _ in clocks])
    for clock, summary in clocks:
        if clock.is_historical:
            continue  # recorded with the petition's registration and conclusion events, not as started now
        events.append(
            PetitionEvent(
                petition=clock.petition,
                by=by,
                kind=EventKind.CLOCK_STARTED,
                summary=summary[:200],
                changes={"clock": clock.kind, "due_on": clock.due_on.isoformat(), "steps": []},
            )
        )
    late_handling = {
        id(clock.petition): clock
        for clock, _ in clocks
        if clock.kind == ClockKind.HANDLING and clock.stopped_late
    }
    for petition, data in zip(petitions, rows, strict=True):
        if data.replied_on is None:
            continue
        late = late_handling.get(id(petition))
        note = f"（超过办理期限{(data.replied_on - late.due_on).days}日）" if late else ""
        delivery = Delivery(data.delivery).label if data.delivery else ""
        rating_note = f"；满意度评价：{Rating(petition.rating).label}" if petition.rating else ""
        events.append(
            PetitionEvent(
                petition=petition,
                by=by,
                kind=EventKind.CONCLUDED,
                summary=f"办结：{Outcome(data.outcome).label}，{cn_date(data.replied_on)}{delivery}{note}{rating_note}"
                "（历史数据导入）",
                changes={"outcome": data.outcome} | ({"rating": petition.rating} if petition.rating else {}),
            )
        )
    _flag_repeats(petitions, events, by)
    PetitionEvent.objects.bulk_create(events)
    return petitions


def _employers(rows: list[PetitionImportIn], *, by: User, home: Org) -> list[int | None]:
    """Each row's employer: one picked from the register (checked), or one named: on file by its credit code, else
    by its exact name among those without a code, else new (once for the whole batch)."""
    named = [
        r.new_employer for r in rows if not r.employer_id and r.new_employer and r.new_employer.name.strip()
    ]
    codes = {creditcode.normalize(n.credit_code) for n in named if n.credit_code}
    names = {limits.clean_text(n.name) for n in named}
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    if named:
        for pk, code, name in Employer.objects.filter(name__in=names).values_list(
            "pk", "credit_code", "name"
        ):
            if not code:
                by_name.setdefault(name, pk)
        if codes:
            for pk, code in (
                Employer.objects.filter(credit_code__in=codes)
                .exclude(credit_code="")
                .values_list("pk", "credit_code")
            ):
                by_code[code] = pk
    new: dict[str, Employer] = {}
    keys: list[str | int | None] = []
    for data in rows:
        if data.employer_id:
            keys.append(data.employer_id)
            continue
        n = data.new_employer
        if n is None or not n.name.strip():
            keys.append(None)
            continue
        code, name = creditcode.normalize(n.credit_code), limits.clean_text(n.name)
        if code and code in by_code:
            keys.append(by_code[code])
        elif not code and name in by_name:
            keys.append(by_name[name])
        else:
            key = code or f"name:{name}"
            new.setdefault(key, Employer(name=name, credit_code=code, address=n.address.strip(), org=None))
            keys.append(key)
    Employer.objects.bulk_create(new.values())
    return [new[k].pk if isinstance(k, str) else k for k in keys]


def _numbers(
    rows: list[PetitionImportIn], orgs: dict[int, Org], *, by: User, year: int
) -> list[tuple[int, int, str]]:
    """Each row's (year, sequence, number): the number it keeps, else the next of the federation's counter this
    year. The counters move past the highest kept number of each year, so that the next number never clashes."""
    home = by.org
    assert home is not None
    kept: dict[tuple[int, int], int] = {}  # (federation, year) -> highest kept sequence
    wanted: dict[int, int] = defaultdict(int)  # federation -> new numbers this year
    parts: list[Any] = []
    for data in rows:
        federation = orgs[data.org_id or home.pk].federation_cached  # type: ignore[attr-defined]
        if data.number:
            y, seq = number_parts(data.number, federation)  # type: ignore[misc]  # checked
            kept[(federation.pk, y)] = max(kept.get((federation.pk, y), 0), seq)
            parts.append((federation, y, seq))
        else:
            wanted[federation.pk] += 1
            parts.append((federation, None, None))
    for (federation_id, y), highest in kept.items():
        PetitionCounter.objects.get_or_create(federation_id=federation_id, year=y)
        PetitionCounter.objects.filter(federation_id=federation_id, year=y).update(
            last_seq=Greatest(F("last_seq"), highest)
        )
    first: dict[int, int] = {}
    for federation_id, count in wanted.items():
        PetitionCounter.objects.get_or_create(federation_id=federation_id, year=year)
        counter = PetitionCounter.objects.filter(federation_id=federation_id, year=year)
        counter.update(last_seq=F("last_seq") + count)
        first[federation_id] = counter.values_list("last_seq", flat=True).get() - count + 1
    out = []
    for federation, y, seq in parts:
        if seq is None:
            y, seq = year, first[federation.pk]
            first[federation.pk] += 1
        out.append((y, seq, format_number(federation, y, seq)))
    return out


def _people(rows: list[PetitionImportIn], orgs: dict[int, Org], home: Org) -> list[list[Person]]:
    """Each row's petitioners as persons: the person with the ID number (completed as ``find_or_create_person``
    does, never from a confidential row), else a new one. A few queries for the batch."""
    numbered: dict[str, tuple[PersonEntry, bool]] = {}
    for data in rows:
        org = orgs[data.org_id or home.pk]
        confidential = data.kind == Kind.ACCUSATION if data.is_confidential is None else data.is_confidential
        for p in data.petitioners:
            number = idnumber.normalize(p.id_number)
            if number and number not in numbered:
                entry = PersonEntry(
                    name=p.name, id_number=number, org=org, phone=p.phone, gender=p.gender, address=p.address
                )
                numbered[number] = (entry, confidential)
    # Completed (blanks filled) only from an ordinary row; a confidential row only adds the new persons.
    find_or_create_people([e for e, confidential in numbered.values() if not confidential])
    quiet = [e for e, confidential in numbered.values() if confidential]
    if quiet:
        on_file = set(
            Person.objects.filter(id_number__in=[e.id_number for e in quiet])
            .exclude(id_number="")
            .values_list("id_number", flat=True)
        )
        find_or_create_people([e for e in quiet if e.id_number not in on_file])
    persons: dict[str, Person] = {}
    if numbered:
        persons = {
            p.id_number: p for p in Person.objects.filter(id_number__in=list(numbered)).exclude(id_number="")
        }
    unnumbered: list[Person] = []
    out: list[list[Person]] = []
    for data in rows:
        org = orgs[data.org_id or home.pk]
        row_people = []
        for p in data.petitioners:
            number = idnumber.normalize(p.id_number)
            if number:
                row_people.append(persons[number])
            else:
                person = Person(name=p.name.strip(), id_number="", org=org)
                unnumbered.append(person)
                row_people.append(person)
        out.append(row_people)
    Person.objects.bulk_create(unnumbered)
    return out


def _clocks(
    petition: Petition, data: PetitionImportIn, pol: _Policies, calendar, now
) -> list[tuple[Clock, str]]:
    """The petition's clocks: as the page starts them for live work; for a historical one (concluded in the file)
    the handling and rating clocks with their dates, stopped, never watched."""
    received_on = timezone.localdate(data.received_at)
    out: list[tuple[Clock, str]] = []

    def clock(kind: str, start: date, days: int, unit: str = CALENDAR_DAYS, stop: date | None = None,
              late_counts: bool = True) -> None:  # fmt: skip
        due = pol.due(calendar, start, days, unit)
        historical = data.replied_on is not None
        c = Clock(
            petition=petition,
            kind=kind,
            started_on=start,
            days=days,
            unit=unit,
            due_on=due,
            is_historical=historical,
            stopped_at=moment_of(stop) if stop is not None else None,
            stopped_late=(late_counts and stop > due) if stop is not None else None,
        )
        label = CLOCK_LABELS[kind]
        note = "（历史数据，不提醒）" if historical else ""
        out.append((c, f"{label}：{days}{UNIT_LABELS.get(unit, '日')}，期满日{cn_date(due)}{note}"))

    if data.replied_on is None:
        clock(ClockKind.INTAKE, received_on, pol.intake_days)
        if data.source != Source.DIRECT:
            clock(ClockKind.OBJECTION, received_on, pol.objection_days, WORKING_DAYS)
        return out
    # Historical: the handling period from the day received (the day of the intake decision is not in the file,
    # so no intake clock is made up), stopped on the reply; the rating window stopped on the rating.
    clock(ClockKind.HANDLING, received_on, pol.handling_days, stop=data.replied_on)
    if data.rating:
        clock(ClockKind.RATING, data.replied_on, pol.rating_days, stop=data.rated_on or data.replied_on,
              late_counts=False)  # fmt: skip
    return out


def _flag_repeats(petitions: list[Petition], events: list[PetitionEvent], by: User) -> None:
    """``registration._flag_repeat`` for the batch: an earlier petition (on file or earlier in the file) by one of
    the same people (by ID number) on the same matter (category and employer). Two queries for the batch."""
    ids = [p.pk for p in petitions]
    mine = list(
        Petitioner.objects.filter(petition_id__in=ids)
        .exclude(id_number="")
        .values_list("petition_id", "person_id")
    )
    if not mine:
        return
    persons = {person for _, person in mine}
    categories = {p.category_id for p in petitions}
    earlier: dict[tuple, list] = defaultdict(list)
    # By the person alone, through the petitioner's person index: its cost follows these people's petitions. With
    # the category in the query too, SQLite walked the category's index (every petition on file in it, a probe of
    # each against the batch's people): a cost that grew with the petitions on file, batch after batch. The
    # category is matched here instead.
    rows = (
        Petitioner.objects.filter(person_id__in=persons)
        .order_by()
        .values_list(
            "person_id", "petition_id", "petition__category_id", "petition__employer_id",
            "petition__received_at", "petition__termination_reason", "petition__is_confidential",
        )
    )  # fmt: skip
    for person, pk, category, employer, received_at, reason, confidential in rows:
        if category in categories:
            earlier[(person, category, employer)].append((received_at, pk, reason, confidential))
    people_of = defaultdict(set)
    for petition_id, person in mine:
        people_of[petition_id].add(person)
    flagged = []
    for petition in petitions:
        found = [
            e
            for person in people_of.get(petition.pk, ())
            for e in earlier.get((person, petition.category_id, petition.employer_id), ())
            if e[1] != petition.pk and e[0] <= petition.received_at
        ]
        if not found:
            continue
        latest = max(found, key=lambda e: (e[0], e[1]))
        petition.repeat_of_id = latest[1]
        petition.not_accepted_again = any(e[2] == TerminationReason.RE_REVIEWED for e in found)
        flagged.append(petition)
        if not petition.is_confidential and any(not e[3] for e in found):
            events.append(
                PetitionEvent(
                    petition=petition,
                    by=by,
                    kind=EventKind.REGISTERED,
                    summary="重复信访：同一信访人就同一事项曾经信访，详见本件的重复信访提示。",
                    changes={},
                )
            )
    Petition.objects.bulk_update(flagged, ["repeat_of", "not_accepted_again"])
