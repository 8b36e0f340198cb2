"""Delegate apportionment: hand-computed cases, ties, the minimum, the saved record, the printed tables."""

import io
from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from xinfang.delegates.actions import apportion_delegates
from xinfang.delegates.inputs import ApportionmentIn, DelegationIn
from xinfang.delegates.models import TIE_RULE, Apportionment
from xinfang.delegates.tables import quota_text
from xinfang.lib.exceptions import NotAllowed


def data(seats, delegations, minimum=0, congress="区工会第五次代表大会"):
    return ApportionmentIn(
        congress=congress,
        seats=seats,
        minimum=minimum,
        decided_on=date(2026, 11, 20),
        delegations=[DelegationIn(name=n, members=m) for n, m in delegations],
    )


def seats_of(record):
    return {d.name: d.seats for d in record.delegations.all()}


def test_hand_computed_case_without_minimum(handler):
    # 10 seats, members 500 / 300 / 200: quotas 5, 3, 2 exactly.
    record = apportion_delegates(by=handler, data=data(10, [("甲", 500), ("乙", 300), ("丙", 200)]))
    assert seats_of(record) == {"甲": 5, "乙": 3, "丙": 2}
    # 7 seats, members 6 / 3 / 1 of 10: quotas 4.2, 2.1, 0.7 -> floors 4, 2, 0 and one seat left: 丙 (0.7).
    record = apportion_delegates(by=handler, data=data(7, [("甲", 6), ("乙", 3), ("丙", 1)]))
    assert seats_of(record) == {"甲": 4, "乙": 2, "丙": 1}
    assert [d.quota for d in record.delegations.all()] == [
        Fraction(42, 10),
        Fraction(21, 10),
        Fraction(7, 10),
    ]


def test_the_sample_summary_congress_of_205(handler):
    # 205 seats, 3 delegations of 1371, 980, 649 members (3,000): quotas 93.685, 66.966…, 44.348…
    # floors 93 + 66 + 44 = 203; the two seats left go to 66.966… (.966) and 93.685 (.685), not 44.348 (.348).
    record = apportion_delegates(by=handler, data=data(205, [("东湖", 1371), ("清水河", 980), ("笋岗", 649)]))
    assert seats_of(record) == {"东湖": 94, "清水河": 67, "笋岗": 44}
    assert sum(seats_of(record).values()) == 205


def test_minimum_first_then_proportion(handler):
    # 20 seats, minimum 3 for each of 3: 9 given, 11 shared by 700 / 200 / 100 -> quotas 7.7, 2.2, 1.1
    # floors 7, 2, 1 = 10; the one left to 甲 (.7). Seats 3+8, 3+2, 3+1.
    record = apportion_delegates(
        by=handler, data=data(20, [("甲", 700), ("乙", 200), ("丙", 100)], minimum=3)
    )
    assert seats_of(record) == {"甲": 11, "乙": 5, "丙": 4}
    assert record.minimum == 3 and record.seats == 20


def test_a_tie_goes_to_more_members_then_to_the_one_listed_first(handler):
    # 4 seats among 1 / 1 / 1 / 1 members: each quota 1, no tie.
    # 3 seats among 2 / 2 / 2 / 2 (8 members): quotas 0.75 each, three seats go to the first three listed.
    record = apportion_delegates(by=handler, data=data(3, [("甲", 2), ("乙", 2), ("丙", 2), ("丁", 2)]))
    assert seats_of(record) == {"甲": 1, "乙": 1, "丙": 1, "丁": 0}
    assert all(d.by_tie_rule for d in record.delegations.all())
    # Equal remainders with different members: 5 seats over 3 / 3 / 9 (15): quotas 1, 1, 3 -> no seat left.
    # 2 seats over 1 / 3 (4): quotas 0.5 and 1.5: one left; remainders .5 and .5 tie -> the one with 3 members.
    record = apportion_delegates(by=handler, data=data(2, [("小", 1), ("大", 3)], congress="第二次"))
    assert seats_of(record) == {"小": 0, "大": 2}
    assert [d.by_tie_rule for d in record.delegations.all()] == [True, True]


def test_refusals_name_the_field_and_save_nothing(handler, registrar):
    with pytest.raises(ValidationError) as e:
        apportion_delegates(by=handler, data=data(5, [("甲", 10), ("乙", 10), ("丙", 10)], minimum=2))
    assert "保底" in str(e.value.message_dict["minimum"])
    with pytest.raises(ValidationError) as e:
        apportion_delegates(by=handler, data=data(5, [("甲", 10), ("甲", 20)]))
    assert "重复" in str(e.value.message_dict["delegations"])
    with pytest.raises(ValidationError) as e:
        built = data(5, [("甲", 1)])
        built.delegations = [
            DelegationIn.model_construct(name="甲", members=0)
        ]  # the model would refuse it first
        apportion_delegates(by=handler, data=built)
    assert "delegations" in e.value.message_dict
    with pytest.raises(NotAllowed):
        apportion_delegates(by=registrar, data=data(5, [("甲", 10)]))
    assert not Apportionment.objects.exists()


def test_quota_as_printed():
    assert quota_text(Fraction(21, 10)) == "2.1"
    assert quota_text(Fraction(5)) == "5"
    assert quota_text(Fraction(4940302, 100000) + Fraction(1, 10**9)) == "49.4030…"
    assert (
        quota_text(Fraction(2, 3)) == "0.6666…"
    )  # cut, not rounded: its whole part and remainder read right
    assert quota_text(Fraction(1371 * 205, 3000)) == "93.685"


def test_page_saves_and_prints_docx_and_xlsx(client, handler, outsider):
    client.force_login(handler)
    response = client.post(
        reverse("delegates:list"),
        {
            "congress": "区工会第五次代表大会",
            "seats": 205,
            "minimum": 0,
            "decided_on": "2026-11-20",
            "delegations": "东湖街道代表团 1371\n清水河街道代表团，980\n笋岗街道代表团\t649",
        },
    )
    assert response.status_code == 302
    record = Apportionment.objects.get()
    page = client.get(record.get_absolute_url())
    assert TIE_RULE in page.content.decode()
    doc = Document(io.BytesIO(client.get(reverse("delegates:docx", args=[record.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "区工会第五次代表大会代表名额分配方案" in text and TIE_RULE in text
    cells = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert cells[1][1:6] == ["东湖街道代表团", "1371", "0", "93.685", "94"]
    assert cells[-1][5] == "205"
    sheet = load_workbook(io.BytesIO(client.get(reverse("delegates:xlsx", args=[record.pk])).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:6] == (1, "东湖街道代表团", 1371, 0, "93.685", 94)
    client.force_login(outsider)
    assert client.get(record.get_absolute_url()).status_code == 404


def test_bad_page_input_names_the_field(client, handler):
    client.force_login(handler)
    page = client.post(
        reverse("delegates:list"),
        {
            "congress": "大会",
            "seats": 3,
            "minimum": 2,
            "decided_on": "2026-11-20",
            "delegations": "甲 10\n乙 20",
        },
    )
    assert "minimum" in page.context["form"].errors
    page = client.post(
        reverse("delegates:list"),
        {
            "congress": "大会",
            "seats": 3,
            "minimum": 0,
            "decided_on": "2026-11-20",
            "delegations": "甲\n乙 20",
        },
    )
    assert "delegations" in page.context["form"].errors
    assert not Apportionment.objects.exists()
