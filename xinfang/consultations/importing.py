"""法律政策咨询 from Excel (数据导入), and the register as the import reads it (数据导入 › 导出 Excel).

Each row is saved through ``record_consultation`` (the page's action: its checks, its scope, the importing user as
the one who answered and recorded it).

**Natural key**: the moment asked (to the minute), the receiving organisation, the topic and the question (the
text as typed, blanks and invisible characters removed), among the consultations the importing user may see. A row
that matches is left as it is; two rows of the file with the same key are a problem (a hotline takes many calls on
one topic, but not the same question at the same minute).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row
from xinfang.lib import idnumber, limits
from xinfang.lib.exceptions import ActionError
from xinfang.lib.fielderrors import validate_id_birth_date

from .actions import record_consultation
from .inputs import ConsultationIn
from .models import Channel, Consultation, Topic

COLUMNS = (
    Column("咨询时间", "asked_at", ColumnType.DATETIME, required=True, example="2026-06-10 09:30", width=18,
           read=lambda c: timezone.localtime(c.asked_at).replace(tzinfo=None)),
    Column("方式", "channel", ColumnType.CHOICE, required=True, choices=Channel.choices, example="来电", width=12),
    Column("人次", "people_count", ColumnType.INTEGER, example="1", width=6, help="不填为1。"),
    Column("咨询人", "person_name", example="张三", width=10),
    Column("身份证号", "id_number", example="", width=22, read=lambda c: "",
           help="可不填；填写的，咨询人登记到人员信息（导出不含身份证号）。"),
    Column("咨询类别", "topic", ColumnType.CHOICE, required=True, choices=Topic.choices, example="工资报酬"),
    Column("咨询问题", "question", required=True, example="单位拖欠工资怎么办？", width=40),
    Column("解答要点", "answer", required=True, example="可向劳动监察部门投诉或申请劳动仲裁。", width=50),
    Column("接待组织", "org", ColumnType.ORGANISATION, example="", width=20,
           help="名称或组织代码，须在您的管辖范围内；不填则为导入时选择的组织。"),
)  # fmt: skip


def _moment(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _key(row: Row, ctx: ImportContext) -> tuple:
    org = row["org"] or ctx.org or (ctx.user.org if ctx.user else None)
    return (
        _moment(row["asked_at"]),
        org.pk if org else None,
        row["topic"],
        limits.clean_text(row["question"] or ""),
    )


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    if ctx.user is None:
        if not ctx.state.get("_said_user"):
            problems.add_to_file("导入咨询记录须指定导入用户（import_records --user 用户名）：以其名义登记。")
            ctx.state["_said_user"] = True
        return
    seen = ctx.seen("consultation_key")
    keyed: dict[tuple, Row] = {}
    for row in rows:
        for field in ("person_name", "question", "answer"):
            if row.good(field):
                problem = limits.value_problem(Consultation._meta.get_field(field), row[field])
                if problem:
                    problems.add(row, field, problem)
        _check_row(row, problems)
        if row.bad or row["asked_at"] is None:
            continue
        key = _key(row, ctx)
        if key in seen:
            problems.add(
                row, "question", f"与第{seen[key]}行是同一咨询（咨询时间、接待组织、类别和问题相同）。"
            )
            continue
        seen[key] = row.number
        keyed[key] = row
    if not keyed:
        return
    moments = [k[0] for k in keyed]
    on_file = Consultation.objects.visible_to(ctx.user).filter(
        asked_at__gte=min(moments),
        asked_at__lt=max(moments) + timedelta(minutes=1),
        topic__in={k[2] for k in keyed},
    )
    for asked_at, org_id, topic, question in on_file.values_list("asked_at", "org_id", "topic", "question"):
        match = keyed.get((_moment(asked_at), org_id, topic, question))
        if match is not None:
            match.found = True


def _check_row(row: Row, problems: Problems) -> None:
    """What ``record_consultation`` refuses that a cell shows (so that the preview lists it)."""
    if row["people_count"] is not None and row["people_count"] < 1 and "people_count" not in row.bad:
        problems.add(row, "people_count", "人次至少为1。")
    if row.good("id_number"):
        row.values["id_number"] = number = idnumber.normalize(row["id_number"])
        for validate in (idnumber.validate_id_number, validate_id_birth_date):
            try:
                validate(number)
            except ValidationError as error:
                problems.add(row, "id_number", " ".join(error.messages))
                break
        if not row.good("person_name"):
            problems.add(row, "person_name", "填写身份证号时请同时填写姓名。")


def _save_row(row: Row, ctx: ImportContext) -> None:
    assert ctx.user is not None
    org = row["org"] or ctx.org
    record_consultation(
        by=ctx.user,
        data=ConsultationIn.model_construct(
            asked_at=row["asked_at"],
            channel=row["channel"] or "",
            topic=row["topic"] or "",
            question=limits.clean_text(row["question"] or ""),
            answer=limits.clean_text(row["answer"] or ""),
            people_count=row["people_count"] or 1,
            person_name=limits.clean_text(row["person_name"] or ""),
            id_number=limits.clean_text(row["id_number"] or ""),
            org_id=org.pk if org is not None else None,
        ),
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
            problems.add_errors(row, error)
        else:
            ctx.counts["added"] += 1


def summary(counts: Counter[str]) -> str:
    return f"新增咨询记录{counts['added']}条；{counts['on_file']}条已在册，未改动。"


def records(user, query: Mapping[str, str]):
    """The register as its page filters it (``ConsultationFilterForm``), through the scope rule."""
    from .forms import ConsultationFilterForm

    form = ConsultationFilterForm(query or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return (
        Consultation.objects.visible_to(user)
        .matching(user, **filters)
        .select_related("org")
        .order_by("asked_at", "pk")
    )


KIND = ImportKind(
    key="consultations",
    title="法律政策咨询",
    columns=COLUMNS,
    natural_key="咨询时间（精确到分钟）、接待组织、咨询类别和咨询问题相同的，视为同一咨询（只在您可查看的咨询记录中识别）。"
    "已在册的咨询再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.can("consultations.record"),
    summary=summary,
    records=records,
    order=60,
)
