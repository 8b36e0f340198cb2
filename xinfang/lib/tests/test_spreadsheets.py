"""Excel exports: exact amounts, real dates, and text that never becomes a formula (CSV/formula injection)."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.lib.spreadsheets import table_xlsx
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.mediations.models import Mediation
from xinfang.orgs.models import Employer


def test_rows_come_back_with_exact_amounts_and_real_dates():
    content = table_xlsx(
        "调解案件", ["编号", "日期", "金额"], [["罗工调〔2026〕0001", date(2026, 10, 8), Decimal("20209.20")]]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "调解案件" and rows[1] == ("编号", "日期", "金额")
    number, on, amount = rows[2]
    assert number == "罗工调〔2026〕0001" and on.date() == date(2026, 10, 8)
    assert Decimal(str(amount)) == Decimal("20209.2")


FORMULAS = ['=HYPERLINK("http://x.invalid","点我")', "+SUM(1,1)", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def _cells(content: bytes):
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


def test_text_that_looks_like_a_formula_stays_text_and_reads_unchanged():
    content = table_xlsx("=标题", ["=表头"], [[text, Decimal("-5.00"), -3] for text in FORMULAS])
    cells = _cells(content)
    assert [c.data_type for c in cells].count("f") == 0
    texts = [c for c in cells if c.data_type == "s"]
    assert [c.value for c in texts] == ["=标题", "=表头", *FORMULAS]
    assert all(c.quotePrefix for c in texts)  # editing the cell in Excel or LibreOffice keeps it text
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert numbers == [-5, -3] * len(FORMULAS)  # negative numbers stay numbers


def test_ordinary_text_has_no_quote_prefix():
    cell = _cells(table_xlsx("台账", ["编号"], [["罗工调〔2026〕0001"]]))[-1]
    assert cell.data_type == "s" and cell.value == "罗工调〔2026〕0001" and not cell.quotePrefix


def test_control_characters_are_dropped_not_a_broken_export():
    cell = _cells(table_xlsx("台账", ["问题"], [["工资\x00拖欠\x1b三个月"]]))[-1]
    assert cell.value == "工资拖欠三个月"


PAYLOAD = '=HYPERLINK("http://x.invalid","点我")'


def _assert_inert(content: bytes, *texts: str):
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert set(texts) <= values


def test_consultation_export_writes_a_formula_question_as_text(client, registrar):
    client.force_login(registrar)
    response = client.post(
        reverse("consultations:list"),
        {
            "asked_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "hotline",
            "topic": "wages",
            "people_count": 1,
            "person_name": "",
            "id_number": "",
            "question": PAYLOAD,
            "answer": "@SUM(1+1)*cmd|' /C calc'!A0",
        },
    )
    assert response.status_code == 302
    _assert_inert(client.get(reverse("consultations:export")).content, PAYLOAD, "@SUM(1+1)*cmd|' /C calc'!A0")


def test_mediation_export_writes_formula_names_as_text(client, handler, committee, valid_id):
    employer = Employer.objects.create(name=PAYLOAD, org=committee)
    mediation = register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id, phone="13812345678")],
            employer_id=employer.pk,
            amount_claimed=Decimal("18000.00"),
        ),
    )
    Mediation.objects.filter(pk=mediation.pk).update(archive_number="-1+2", worker_names="+王五")
    client.force_login(handler)
    content = client.get(reverse("mediations:export")).content
    _assert_inert(content, PAYLOAD, "-1+2", "+王五")
    amounts = [c.value for c in _cells(content) if c.data_type == "n"]
    assert 18000 in amounts  # money stays a number
