"""The mediation register as an Excel sheet, as filtered on the list (names only: no ID or phone numbers)."""

from __future__ import annotations

from xinfang.lib.spreadsheets import table_xlsx

HEADERS = [
    "案件编号",
    "收到申请日期",
    "调解组织",
    "申请人",
    "涉及人数",
    "用人单位",
    "争议类型",
    "涉及金额（元）",
    "状态",
    "结果日期",
    "协议金额（元）",
    "履行情况",
    "实际追回金额（元）",
    "期限届满",
    "来自信访件",
    "归档号",
]


def mediations_xlsx(qs) -> bytes:
    rows = (
        [
            m.number,
            m.received_on,
            m.get_body_display(),
            m.worker_names,
            m.people_count,
            m.employer.name,
            m.get_dispute_type_display(),
            m.amount_claimed,
            m.get_status_display(),
            m.result_on,
            m.amount_agreed,
            m.get_performance_display() if m.performance else "",
            m.amount_recovered,
            "是" if m.lapsed_on else "",
            m.petition.number if m.petition_id else "",
            m.archive_number,
        ]
        for m in qs.select_related("employer", "petition")
        .defer("claims", "agreement_terms", "result_note")
        .order_by("received_on", "pk")
        .iterator(chunk_size=1000)
    )
    return table_xlsx(
        "劳动争议调解案件台账",
        HEADERS,
        rows,
        widths=[18, 12, 22, 20, 8, 28, 24, 14, 10, 12, 14, 10, 14, 8, 18, 12],
    )
