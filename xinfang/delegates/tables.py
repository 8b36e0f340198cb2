"""The printed apportionment table: the .docx (a document kind in the documents registry, GB/T 9704 layout, the
table as its annex) and the .xlsx, from one list of rows."""

from __future__ import annotations

import re
from fractions import Fraction

from xinfang.documents.layout import Block, ListTable
from xinfang.documents.registry import TemplateSpec
from xinfang.documents.render import render
from xinfang.lib.cnformat import cn_date
from xinfang.lib.spreadsheets import table_xlsx

from .models import METHOD, TIE_RULE, Apportionment

KIND = "delegate_apportionment"
PLACES = 4  # the quota as printed: four decimals, cut (not rounded), "…" when it goes on


def quota_text(quota: Fraction) -> str:
    """The exact quota as printed: ``41.25`` when it ends within four decimals, else cut to four and ``…``
    (``41.2857…``, so that its whole part and the order of the remainders read as computed)."""
    scaled = quota * 10**PLACES
    whole = scaled.numerator // scaled.denominator
    text = f"{whole // 10**PLACES}.{whole % 10**PLACES:0{PLACES}d}"
    return text.rstrip("0").rstrip(".") if scaled == whole else f"{text}…"


HEADERS = ("序号", "代表团", "会员人数", "保底名额", "按比例份额", "分配名额", "备注")
FIELDS = frozenset(
    {"congress", "seats", "minimum", "shared", "count", "members_total", "rows", "tie_rule", "method", "tied",
     "issuer", "decided_on"}
)  # fmt: skip

TEMPLATES = {
    KIND: TemplateSpec(
        "代表名额分配表",
        (
            Block("title", "{{ congress }}代表名额分配方案"),
            Block("blank"),
            Block(
                "para",
                "{{ congress }}代表名额共{{ seats }}名，由{{ count }}个代表团按会员人数比例分配"
                "（会员共{{ members_total }}人）。{% if minimum %}每个代表团保底{{ minimum }}名，其余{{ shared }}名"
                "按比例分配。{% endif %}",
            ),
            Block("para", "分配方法（最大余数法）：{{ method }}"),
            Block(
                "para", "同余数规则：{{ tie_rule }}{% if tied %}本次{{ tied }}的名额按此规则确定。{% endif %}"
            ),
            Block(
                "para",
                "各代表团的会员人数、按比例份额和分配名额见附件。按比例份额按精确分数计算和比较，表中保留四位小数"
                "（未除尽的以“…”表示）；备注“同余”的代表团，其名额按同余数规则确定。",
            ),
            Block("blank"),
            Block("para", "附件：代表名额分配表"),
            Block("blank"),
            Block("signature", "{{ issuer }}"),
            Block("date", "{{ decided_on }}"),
            ListTable(
                title="{{ congress }}代表名额分配表",
                columns=(
                    ("序号", "{{ d.position }}", 13),
                    ("代表团", "{{ d.name }}", 38),
                    ("会员人数", "{{ d.members }}", 22),
                    ("保底名额", "{{ d.minimum }}", 21),
                    ("按比例份额", "{{ d.quota }}", 27),
                    ("分配名额", "{{ d.seats }}", 22),
                    ("备注", "{{ d.mark }}", 13),
                ),
                items="rows",
                item="d",
                total=(
                    "合计",
                    "",
                    "{{ members_total }}",
                    "{{ minimum_total }}",
                    "{{ shared }}",
                    "{{ seats }}",
                    "",
                ),
            ),
        ),
        FIELDS | {"minimum_total"},
    ),
}


def rows(record: Apportionment) -> list[dict]:
    return [
        {
            "position": d.position,
            "name": d.name,
            "members": d.members,
            "minimum": record.minimum,
            "quota": quota_text(d.quota),
            "seats": d.seats,
            "note": "按同余数规则" if d.by_tie_rule else "",
            "mark": "同余" if d.by_tie_rule else "",  # the printed table's narrow column
        }
        for d in record.delegations.all()
    ]


def context(record: Apportionment) -> dict:
    table = rows(record)
    tied = [r["name"] for r in table if r["note"]]
    return {
        "congress": record.congress,
        "seats": record.seats,
        "minimum": record.minimum,
        "shared": record.seats - record.minimum * len(table),
        "count": len(table),
        "members_total": sum(r["members"] for r in table),
        "minimum_total": record.minimum * len(table),
        "rows": table,
        "tie_rule": TIE_RULE,
        "method": METHOD,
        "tied": "、".join(tied),
        "issuer": record.org.name,
        "decided_on": cn_date(record.decided_on),
    }


def docx(record: Apportionment) -> bytes:
    return render(KIND, context(record))


def xlsx(record: Apportionment) -> bytes:
    c = context(record)
    body = [
        [r["position"], r["name"], r["members"], r["minimum"], r["quota"], r["seats"], r["note"]]
        for r in c["rows"]
    ]
    body.append(["合计", "", c["members_total"], c["minimum_total"], str(c["shared"]), c["seats"], ""])
    body.append([])
    body.append([f"同余数规则：{TIE_RULE}"])
    title = re.sub(r"[\\/?*\[\]:]", "", f"{record.congress}代表名额分配表")
    return table_xlsx(title, HEADERS, body, widths=[6, 30, 12, 10, 14, 10, 14])
