"""人员: the person register (petitioners, workers and other parties of the ledgers to come).

Natural key: the ID number, so it is required. An import never tells who is already on file, as the registration
pages do not (docs/scope.md): a row whose ID number is on file, in the user's scope or not, is accepted like a new
one and changes nothing of that person (only blanks of a person that the same organisation registered are filled,
as ``find_or_create_person`` does), and the result counts rows, not new persons. No check here reads the person
register.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from xinfang.lib import creditcode, idnumber, limits
from xinfang.lib import phone as phones
from xinfang.lib.fielderrors import validate_id_birth_date
from xinfang.lib.idnumber import make_id_number
from xinfang.orgs.models import Employer
from xinfang.people.models import Gender, Person
from xinfang.people.registry import PersonEntry, find_or_create_people

from ..registry import Column, ColumnType, ImportKind
from ..rows import ImportContext, Problems, Row

LIMITED = ("name", "id_number", "phone", "address")
EXAMPLE_ID = make_id_number("440303", date(1985, 6, 1), 123)

COLUMNS = (
    Column("姓名", "name", required=True, example="张三", width=12),
    Column("身份证号", "id_number", required=True, example=EXAMPLE_ID, width=22,
           help="18位居民身份证号，校验位须正确；请把该列设为“文本”格式。已在册的身份证号不会重复登记。"),
    Column("联系电话", "phone", example="13812345678", width=16, help="手机号或带区号的固定电话。"),
    Column("性别", "gender", ColumnType.CHOICE, choices=[(Gender.MALE, "男"), (Gender.FEMALE, "女")],
           example="男", width=8, help="不填则按身份证号确定。"),
    Column("住址", "address", example="深圳市罗湖区东湖街道布心路1号", width=30),
    Column("工作单位", "employer", example="", width=30,
           help="已登记在册的用人单位的名称或统一社会信用代码；不在册的请先导入用人单位。"),
    Column("登记组织", "org", ColumnType.ORGANISATION, example="", width=20,
           help="登记该人员的组织（名称或组织代码），须在您的管辖范围内；不填则为导入时选择的组织。"),
)  # fmt: skip


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    numbers_seen = ctx.seen("id_number")
    for row in rows:
        for field in LIMITED:
            if row.good(field):
                problem = limits.value_problem(Person._meta.get_field(field), row[field])
                if problem:
                    problems.add(row, field, problem)
        if row.good("id_number"):
            row.values["id_number"] = number = idnumber.normalize(row["id_number"])
            valid = _passes(row, "id_number", problems, idnumber.validate_id_number, validate_id_birth_date)
            if valid and number in numbers_seen:
                problems.add(row, "id_number", f"与第{numbers_seen[number]}行的身份证号重复。")
            elif valid:
                numbers_seen[number] = row.number
        if row.good("phone"):
            _passes(row, "phone", problems, phones.validate_phone)
        if row["org"] is None and "org" not in row.bad and ctx.org is None:
            problems.add(row, "org", "请填写登记组织（或导入时指定组织）。")
    _match_employers(rows, problems)


def _passes(row: Row, field: str, problems: Problems, *validators) -> bool:
    """The row's value passes every validator; the first refusal's messages become problems."""
    for validate in validators:
        try:
            validate(row[field])
        except ValidationError as error:
            for message in error.messages:
                problems.add(row, field, message)
            return False
    return True


def _match_employers(rows: list[Row], problems: Problems) -> None:
    """The employers named, for the whole batch in one query: by credit code or by exact name (the employer
    register is shared by the whole district, so naming one discloses nothing)."""
    named = {row["employer"] for row in rows if row.good("employer")}
    if not named:
        return
    codes = {creditcode.normalize(n) for n in named}
    coded = Q(credit_code__in=codes) & ~Q(credit_code="")  # "<> ''": the partial unique index, on SQLite too
    on_file = Employer.objects.filter(coded | Q(name__in=named)).values_list("pk", "credit_code", "name")
    by_code = {code: pk for pk, code, _ in on_file if code}
    by_name: dict[str, list[int]] = {}
    for pk, _, name in on_file:
        by_name.setdefault(name, []).append(pk)
    for row in rows:
        if not row.good("employer"):
            continue
        text = row["employer"]
        if creditcode.normalize(text) in by_code:
            row.values["employer_id"] = by_code[creditcode.normalize(text)]
        elif len(by_name.get(text, [])) == 1:
            row.values["employer_id"] = by_name[text][0]
        elif text in by_name:
            problems.add(row, "employer", "有多家单位同名，请改填其统一社会信用代码。")
        else:
            problems.add(row, "employer", "未找到该用人单位：请先导入用人单位，或填写其统一社会信用代码。")


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    find_or_create_people(
        [
            PersonEntry(
                name=limits.clean_text(row["name"]),
                id_number=row["id_number"],
                org=row["org"] or ctx.org,  # type: ignore[arg-type]  # one of them is set: the check saw to it
                phone=row["phone"] or "",
                gender=row["gender"] or "",
                address=row["address"] or "",
                employer_id=row.values.get("employer_id"),
            )
            for row in rows
        ]
    )
    ctx.counts["rows"] += len(rows)


def summary(counts: Counter[str]) -> str:
    return f"人员信息共{counts['rows']}行；身份证号已在册的人员不重复登记。"


KIND = ImportKind(
    key="persons",
    title="人员",
    columns=COLUMNS,
    natural_key="身份证号（必填）。已在册的身份证号不重复登记；该人员已登记的信息不被改动"
    "（由同一组织登记的，只补填空缺的联系电话、性别、住址）。",
    check=check,
    save=save,
    may_import=lambda user: user.can("orgs.edit_registry"),
    summary=summary,
    order=30,
)
