"""劳动争议调解案件 from Excel (数据导入), and the register as the import reads it (数据导入 › 导出 Excel).

A row is one case's registration: its received date, its mediation body, the employer (by name or credit code:
one on file is used, else it is added, as on the page), the dispute type, the amount claimed, the head count, the
first worker in columns of their own and the others one a line (``姓名/身份证号/联系电话``), the claims. Each row is
saved through ``register_mediation`` (the page's action: its checks, its scope, the importing user as registrar);
the case keeps the number of the file (案件编号: the federation's prefix, 〔year〕, the sequence; a number used
anywhere is a problem of the row, in that column), else it gets the next number of its federation and received
year, as on the page. The counter moves past a kept number, so that the next number never clashes.

**Natural key**, among the cases the importing user may see: the case number (案件编号) when the row has one and
it is on file (on file outside the user's scope: a problem of the row, 该案件编号已被使用); else the received date, the employer (its credit code when the row gives one, else its name) and
the first worker (the ID number when the row gives one, else the name). A row that matches is left as it is;
two rows of the file with the same key are a problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import WHOLE_ROW, ImportContext, Problems, Row
from xinfang.lib import creditcode, idnumber, limits
from xinfang.lib.exceptions import ActionError
from xinfang.lib.fielderrors import validate_id_birth_date
from xinfang.orgs.models import Org

from .actions import kept_number, register_mediation
from .inputs import MediationIn, WorkerIn
from .models import ApplicationForm, Body, DisputeType, Mediation, MediationWorker


def _workers(case: Mediation) -> list[MediationWorker]:
    return sorted(case.workers.all(), key=lambda w: (w.order, w.pk))


def _first(field: str):
    def read(case: Mediation) -> Any:
        workers = _workers(case)
        return getattr(workers[0], field) if workers else ""

    return read


def _others(case: Mediation) -> str:
    """The workers after the first, one a line (names only: the export carries no ID or phone numbers)."""
    return "\n".join(w.name for w in _workers(case)[1:])


COLUMNS = (
    Column("案件编号", "number", example="", width=18,
           help="填写的，新登记的案件沿用此编号（本区总工会的前缀，〔年度〕序号，未被使用）；已在册的以编号识别、不作改动。"
                "不填则按收到申请年度自动编号。"),
    Column("收到申请日期", "received_on", ColumnType.DATE, required=True, example="2026-06-10", width=12),
    Column("调解组织", "body", ColumnType.CHOICE, required=True, choices=Body.choices,
           example=Body.FEDERATION.label, width=24),
    Column("调解委员会名称", "body_name", example="", width=20, help="企业劳动争议调解委员会须填写。"),
    Column("申请方式", "application_form", ColumnType.CHOICE, choices=ApplicationForm.choices,
           example=ApplicationForm.WRITTEN.label, width=14, help="不填为书面申请。"),
    Column("用人单位", "employer", required=True, example="深圳市鸿运电子有限公司", width=28,
           read=lambda m: m.employer.name),
    Column("用人单位信用代码", "employer_code", example="", width=22, read=lambda m: m.employer.credit_code,
           help="有代码的单位以代码识别；单位不在册的，导入时新增。"),
    Column("争议类型", "dispute_type", ColumnType.CHOICE, required=True, choices=DisputeType.choices,
           example=DisputeType.PAY.label, width=28),
    Column("涉及金额（元）", "amount_claimed", ColumnType.DECIMAL, example="12000.00", width=14),
    Column("涉及人数", "people_count", ColumnType.INTEGER, example="1", width=8,
           help="不填为登记的申请人人数；不少于登记的申请人人数。"),
    Column("申请人", "worker_name", required=True, example="张三", width=12, read=_first("name"),
           help="第一位申请调解的劳动者的姓名。"),
    Column("身份证号", "id_number", example="", width=22, read=lambda m: "",
           help="第一位申请人的18位居民身份证号；请把该列设为“文本”格式（导出不含身份证号）。"),
    Column("联系电话", "phone", example="13812345678", width=16, read=lambda m: "",
           help="第一位申请人的电话（导出不含电话）。"),
    Column("其他申请人", "others", example="", width=30, read=_others,
           help="第二位起的申请人，每行一人：“姓名/身份证号/联系电话”，身份证号和电话可不填。"),
    Column("申请调解事项和理由", "claims", required=True, example="请求支付拖欠的2026年4月至5月工资", width=40),
    Column("受理日期", "accepted_on", ColumnType.DATE, example="", width=12,
           help="已受理的填写（不早于收到申请日期）；不填为待受理。"),
    Column("责任组织", "org", ColumnType.ORGANISATION, example="", width=20,
           help="名称或组织代码，须在您的管辖范围内；不填则为导入时选择的组织。"),
)  # fmt: skip

# An action's error field → the column it is shown in.
FIELD_COLUMN = {
    "workers": "worker_name",
    "new_employer_name": "employer",
    "new_employer_credit_code": "employer_code",
}
LIMITED = ("body_name", "claims")


def _text(row: Row, field: str) -> str:
    return limits.clean_text(str(row[field] or ""))


def _others_of(row: Row, problems: Problems) -> list[WorkerIn] | None:
    people = []
    lines = str(row["others"] or "").replace("；", "\n").replace(";", "\n").splitlines()
    for i, line in enumerate(t for t in lines if t.strip()):
        name, number, phone = ([limits.clean_text(x) for x in line.split("/")] + ["", ""])[:3]
        if not name:
            problems.add(row, "others", f"第{i + 2}位申请人：请填写姓名。")
            return None
        people.append(WorkerIn.model_construct(name=name, id_number=idnumber.normalize(number), phone=phone,
                                               address="", is_representative=False))  # fmt: skip
    return people


def _employer_key(row: Row) -> str:
    code = creditcode.normalize(_text(row, "employer_code"))
    return f"code:{code}" if code else f"name:{_text(row, 'employer')}"


def _worker_key(row: Row) -> str:
    number = idnumber.normalize(_text(row, "id_number"))
    return f"id:{number}" if number else f"name:{_text(row, 'worker_name')}"


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    if ctx.user is None:
        if not ctx.state.get("_said_user"):
            problems.add_to_file("导入调解案件须指定导入用户（import_records --user 用户名）：以其名义登记。")
            ctx.state["_said_user"] = True
        return
    seen = ctx.seen("mediation_key")
    numbers_seen = ctx.seen("mediation_number")
    keyed: dict[tuple, Row] = {}
    numbered: dict[str, Row] = {}
    for row in rows:
        for field in LIMITED:
            if row.good(field):
                problem = limits.value_problem(Mediation._meta.get_field(field), _text(row, field))
                if problem:
                    problems.add(row, field, problem)
        row.values["_others"] = _others_of(row, problems)
        if row.good("id_number"):
            row.values["id_number"] = number = idnumber.normalize(_text(row, "id_number"))
            for validate in (idnumber.validate_id_number, validate_id_birth_date):
                try:
                    validate(number)
                except ValidationError as error:
                    problems.add(row, "id_number", " ".join(error.messages))
                    break
        if row.good("employer_code"):
            try:
                creditcode.validate_credit_code(creditcode.normalize(_text(row, "employer_code")))
            except ValidationError as error:
                problems.add(row, "employer_code", " ".join(error.messages))
        _check_row(row, problems)
        if row.bad or row["received_on"] is None:
            continue
        kept = _kept_number(row, ctx, problems)
        if kept is None:
            continue
        if kept:
            if kept in numbers_seen:
                problems.add(row, "number", f"与第{numbers_seen[kept]}行的案件编号相同。")
                continue
            numbers_seen[kept] = row.number
            numbered[kept] = row
        key = (row["received_on"], _employer_key(row), _worker_key(row))
        if key in seen:
            problems.add(row, "worker_name",
                         f"与第{seen[key]}行是同一案件（收到申请日期、用人单位和第一位申请人相同）。")  # fmt: skip
            continue
        seen[key] = row.number
        keyed[key] = row
    visible = Mediation.objects.visible_to(ctx.user)
    if numbered:
        seen_by_user = set(visible.filter(number__in=numbered).values_list("number", flat=True))
        for number in Mediation.objects.filter(number__in=numbered).values_list("number", flat=True):
            if number in seen_by_user:
                numbered[number].found = True  # the case on file: left as it is
            else:  # numbers are the installation's: saying one is taken discloses nothing
                problems.add(numbered[number], "number", "该案件编号已被使用。")
    if not keyed:
        return
    firsts = MediationWorker.objects.filter(
        order=0, mediation__in=visible.filter(received_on__in={k[0] for k in keyed})
    ).values_list("mediation__received_on", "mediation__employer__name", "mediation__employer__credit_code",
                  "id_number", "name")  # fmt: skip
    for received_on, name, code, number, worker in firsts:
        for employer in (f"name:{name}", f"code:{code}" if code else ""):
            for person in (f"name:{worker}", f"id:{number}" if number else ""):
                match = keyed.get((received_on, employer, person))
                if match is not None:
                    match.found = True


def _kept_number(row: Row, ctx: ImportContext, problems: Problems) -> str | None:
    """The case number the row keeps, as stored (``罗工调〔2024〕12`` → ``罗工调〔2024〕0012``), "" for none, None
    when it is not one of the federation of the row's organisation (a problem in 案件编号)."""
    text_ = _text(row, "number")
    if not text_:
        return ""
    assert ctx.user is not None
    org = row["org"] or ctx.org or ctx.user.org
    federations: dict[int, Org | None] = ctx.state.setdefault("_federations", {})
    if org is None:
        return ""
    if org.pk not in federations:
        federations[org.pk] = org.federation()
    federation = federations[org.pk]
    if federation is None:
        return ""  # the action says it
    parts = kept_number(text_, federation)
    if isinstance(parts, str):
        problems.add(row, "number", parts)
        return None
    row.values["_number"] = parts[2]
    return parts[2]


def _check_row(row: Row, problems: Problems) -> None:
    """What ``register_mediation`` refuses that the cells show (so that the check lists it, before the commit)."""
    count, workers = row["people_count"], 1 + len(row["_others"] or [])
    if count is not None and "people_count" not in row.bad:
        if count < 1:
            problems.add(row, "people_count", "涉及人数至少为1。")
        elif count < workers:
            problems.add(row, "people_count", f"涉及人数（{count}）少于登记的申请人人数（{workers}）。")
    if limits.is_negative(row["amount_claimed"]):
        problems.add(row, "amount_claimed", "涉及金额不能为负数。")
    if row["body"] == Body.ENTERPRISE and not _text(row, "body_name"):
        problems.add(row, "body_name", "企业劳动争议调解委员会请填写名称。")
    received, accepted = row["received_on"], row["accepted_on"]
    if received is not None and accepted is not None and accepted < received:
        problems.add(row, "accepted_on", "受理日期不能早于收到申请日期。")


def _add_errors(problems: Problems, row: Row, error: ValidationError | ActionError) -> None:
    if isinstance(error, ActionError) or not hasattr(error, "error_dict"):
        problems.add_errors(row, error)
        return
    for name, messages in error.message_dict.items():
        field = FIELD_COLUMN.get(name, name)
        for message in messages:
            problems.add(row, field if problems.kind.column(field) else WHOLE_ROW, message)


def _save_row(row: Row, ctx: ImportContext) -> None:
    assert ctx.user is not None
    org = row["org"] or ctx.org
    first = WorkerIn.model_construct(
        name=_text(row, "worker_name"),
        id_number=idnumber.normalize(_text(row, "id_number")),
        phone=_text(row, "phone"),
        address="",
        is_representative=False,
    )
    workers = [first, *(row["_others"] or [])]
    register_mediation(
        by=ctx.user,
        data=MediationIn.model_construct(
            body=row["body"] or "",
            body_name=_text(row, "body_name"),
            application_form=row["application_form"] or ApplicationForm.WRITTEN,
            received_on=row["received_on"],
            accepted_on=row["accepted_on"],
            dispute_type=row["dispute_type"] or "",
            claims=_text(row, "claims"),
            workers=workers,
            employer_id=None,
            new_employer_name=_text(row, "employer"),
            new_employer_credit_code=creditcode.normalize(_text(row, "employer_code")),
            confirm_new_employer=True,
            people_count=row["people_count"] if row["people_count"] is not None else len(workers),
            amount_claimed=row["amount_claimed"],
            mediators="",
            petition_id=None,
            org_id=org.pk if org is not None else None,
        ),
        number=row.values.get("_number", ""),
    )


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    for row in rows:
        if row.found is not None:
            ctx.counts["on_file"] += 1
            continue
        try:
            with transaction.atomic():
                _save_row(row, ctx)
        except (ValidationError, ActionError) as error:
            _add_errors(problems, row, error)
        else:
            ctx.counts["added"] += 1


def summary(counts: Counter[str]) -> str:
    return f"新增调解案件{counts['added']}件；{counts['on_file']}件已在册，未改动。"


def records(user, query: Mapping[str, str]):
    """The register as its list page filters it (``MediationFilterForm``), through the scope rule."""
    from .forms import MediationFilterForm

    form = MediationFilterForm(query or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    return (
        Mediation.objects.visible_to(user)
        .matching(user, **filters)
        .select_related("employer", "org")
        .prefetch_related("workers")
        .defer("agreement_terms", "result_note")
        .order_by("received_on", "pk")
    )


KIND = ImportKind(
    key="mediations",
    title="劳动争议调解案件",
    columns=COLUMNS,
    natural_key="填写了案件编号且该编号已在册的，视为同一案件（编号已被您管辖范围以外的案件使用的，该行有误）；"
    "未在册的编号由新登记的案件沿用。否则收到申请日期、用人单位（有信用代码的按代码，否则按名称）"
    "和第一位申请人（有身份证号的按身份证号，否则按姓名）相同的，视为同一案件（只在您可查看的调解案件中识别）。"
    "已在册的案件再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.can("mediations.register"),
    summary=summary,
    records=records,
    order=50,
)
