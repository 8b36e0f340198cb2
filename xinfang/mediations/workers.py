"""Steps on a case's list of workers (申请人名单) after registration: completing the list, and each worker's share
of the agreed amount. The 调解协议书 identifies every worker in its annex with the amount (《劳动争议调解仲裁法》
第十六条: each may take it to court for a payment order), so a collective case registered through its
representatives (第七条) is completed before its agreement is written. Same shape as ``actions.py``: keyword-only,
one transaction, an event, ValidationError by field or an ActionError."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from xinfang.accounts.models import User
from xinfang.lib import idnumber, limits
from xinfang.lib import phone as phones
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workflow import record_event
from xinfang.people.checks import check_people
from xinfang.people.registry import find_or_create_person

from .inputs import WorkerAmountsIn, WorkersIn
from .models import EventKind, Mediation, MediationWorker
from .workflow import FLOW

AMOUNTS_FIELD = "amounts"


@transaction.atomic
def add_workers(*, mediation: Mediation, by: User, data: WorkersIn) -> list[MediationWorker]:
    """Register more of the case's workers (up to its head count), while it is being mediated or once settled."""
    step = FLOW.check(mediation, "add_workers", by)
    workers = data.workers
    errors = FieldErrors()
    if not workers:
        errors.add("workers", "请至少填写一名劳动者。")
    check_people(errors, "workers", workers, "第{}名劳动者：", "同一身份证号在本次登记中重复。")
    existing = list(mediation.workers.all())
    known = {w.id_number for w in existing if w.id_number}
    for i, w in enumerate(workers, start=1):
        if w.id_number.strip() and idnumber.normalize(w.id_number) in known:
            errors.add("workers", f"第{i}名劳动者：该身份证号已在本案登记。")
    room = mediation.people_count - len(existing)
    if len(workers) > room:
        errors.add(
            "workers",
            f"本案涉及{mediation.people_count}人，已登记{len(existing)}人，最多还可登记{max(room, 0)}人。",
        )
    errors.raise_if_any()
    names = [w.name for w in existing] + [w.name.strip() for w in workers]
    FLOW.take(mediation, step=step, expected_version=data.version, worker_names="、".join(names)[:200])
    added = []
    for i, w in enumerate(workers, start=len(existing)):
        person = find_or_create_person(
            name=w.name, id_number=w.id_number, phone=w.phone, address=w.address, org=mediation.org
        )
        added.append(
            MediationWorker.objects.create(
                mediation=mediation,
                person=person,
                is_representative=w.is_representative,
                order=i,
                name=w.name.strip(),
                id_number=person.id_number,
                phone=phones.normalize(w.phone.strip()),
                address=w.address.strip(),
            )
        )
    record_event(
        mediation,
        by,
        EventKind.WORKERS,
        f"补充登记劳动者{len(added)}人：{'、'.join(w.name for w in added)}（已登记{len(names)}人）",
    )
    return added


@transaction.atomic
def set_worker_amounts(*, mediation: Mediation, by: User, data: WorkerAmountsIn) -> Mediation:
    """Each worker's share of the agreed amount (by worker id), for the annex of the 调解协议书: every registered
    worker has one, none negative, and they add up to the agreed amount."""
    step = FLOW.check(mediation, "set_worker_amounts", by)
    amounts: dict[int, Decimal | None] = {a.worker_id: a.amount for a in data.amounts}
    workers = list(mediation.workers.all())
    errors = FieldErrors()
    if set(amounts) - {w.pk for w in workers}:
        errors.add(AMOUNTS_FIELD, "所列劳动者不是本案的申请人。")
    field = MediationWorker._meta.get_field("amount_agreed")
    for w in workers:
        value = amounts.get(w.pk)
        if value is None:
            errors.add(AMOUNTS_FIELD, f"请填写{w.name}的协议金额。")
        elif problem := limits.value_problem(field, value):
            errors.add(AMOUNTS_FIELD, f"{w.name}：{problem}")
        elif value < 0:
            errors.add(AMOUNTS_FIELD, f"{w.name}：协议金额不能为负数。")
    if not errors.by_field and mediation.amount_agreed is not None:
        total = sum((amounts[w.pk] or Decimal(0) for w in workers), Decimal(0))
        if total != mediation.amount_agreed:
            errors.add(
                AMOUNTS_FIELD,
                f"各劳动者的协议金额合计{total}元，与协议金额{mediation.amount_agreed}元不一致。",
            )
    errors.raise_if_any()
    FLOW.take(mediation, step=step, expected_version=data.version)
    for w in workers:
        MediationWorker.objects.filter(pk=w.pk).update(amount_agreed=amounts[w.pk])
    total = sum((amounts[w.pk] or Decimal(0) for w in workers), Decimal(0))
    record_event(
        mediation, by, EventKind.WORKERS, f"录入各劳动者的协议金额（{len(workers)}人，合计{total}元）"
    )
    mediation.refresh_from_db()
    return mediation
