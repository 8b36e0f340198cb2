"""Importing petitions from Excel (docs/imports.md, "petitions"): a good file, a bad file (nothing saved, every
problem by row and column), the same file twice, numbers kept and numbers given, historical petitions imported as
concluded (no reminder, no queue, ``tick`` leaves them alone), the scope, and the export that imports again."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.audit.models import AccessLog
from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.models import ImportJob
from xinfang.imports.registry import import_kind
from xinfang.imports.tests.conftest import problems_of, xlsx
from xinfang.inbox.models import Reminder
from xinfang.lib.idnumber import make_id_number
from xinfang.petitions.models import Clock, ClockKind, Petition, PetitionCounter, PetitionEvent, Status
from xinfang.petitions.models.petition import QUEUES

HEADERS = [c.header for c in import_kind("petitions").columns]  # type: ignore[union-attr]


def id_of(i: int) -> str:
    return make_id_number("440303", date(1970 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000)


def row(**cells) -> list:
    """A row of the template's columns, by header; the required ones filled with something valid."""
    values = {
        "收到时间": "2025-03-10 09:30",
        "渠道": "来访",
        "信访类型": "申诉求决类",
        "诉求类别": "劳动报酬／拖欠工资",
        "信访人": "张三",
        "身份证号": id_of(1),
        "联系电话": "13812345678",
        "信访请求": "要求支付拖欠工资。",
        "事实": "单位拖欠三个月工资。",
        "理由": "依法应按月足额支付工资。",
    } | cells
    return [values.get(h, "") for h in HEADERS]


def run(by, content: bytes, *, commit: bool = True, org=None) -> ImportJob:
    job = upload_import(by=by, kind="petitions", file_name="petitions.xlsx", content=content, org=org)
    job.refresh_from_db()
    if commit and job.status == "ready":
        job = confirm_import(job=job, by=by)
    return job


def test_a_good_file_is_registered_through_the_registration_rules(registrar, federation, committee):
    content = xlsx(
        HEADERS,
        [
            row(),
            row(
                **{
                    "信访人": "李四",
                    "身份证号": id_of(2),
                    "被反映单位": "新开的厂",
                    "责任组织": committee.name,
                }
            ),
            row(**{"渠道": "来电", "信访人": "王五", "身份证号": "", "收到时间": "2025-03-11 10:00"}),
        ],
    )
    job = run(registrar, content)
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增信访件3件；0件已在册，未改动。"
    first, second, third = Petition.objects.order_by("received_at", "pk")
    year = timezone.localdate().year
    assert [p.number for p in (first, second, third)] == [f"测工信〔{year}〕{n:04d}" for n in (1, 2, 3)]
    assert first.status == Status.REGISTERED and first.petitioners.get().id_number == id_of(1)
    assert second.org == committee and second.employer.name == "新开的厂"
    assert third.petitioner_names == "王五" and third.petitioners.get().person.id_number == ""
    # The same records as the page: the registration event and the running intake clock.
    assert PetitionEvent.objects.filter(petition=first, kind="registered").exists()
    clock = Clock.objects.get(petition=first)
    assert (clock.kind, clock.is_historical, clock.stopped_at) == (ClockKind.INTAKE, False, None)
    # Its copy of the scope columns, so that the committee's 临期 and 超期 queues find it (clocks/scope.py).
    assert Clock.objects.get(petition=second).org_level2 == committee.pk
    assert PetitionCounter.objects.get(federation=federation, year=year).last_seq == 3


def test_a_bad_file_saves_nothing_and_names_every_problem(registrar, other_committee):
    content = xlsx(
        HEADERS,
        [
            row(),
            row(**{"信访人": "", "诉求类别": "劳动报酬"}),
            row(**{"身份证号": id_of(1)[:17] + ("0" if id_of(1)[17] != "0" else "1"), "渠道": "飞鸽"}),
            row(**{"渠道": "来电", "联系电话": "", "信访人": "赵六", "身份证号": id_of(6)}),
            row(**{"答复日期": "2025-03-01", "处理意见": "支持", "信访人": "钱七", "身份证号": id_of(7)}),
            row(),  # the first row again
        ],
    )
    job = run(registrar, content)
    assert job.status == "refused"
    assert not Petition.objects.exists()
    found = [(r, c) for r, c, _, _ in problems_of(job)]
    assert (3, "信访人") in found and (3, "诉求类别") in found
    assert (4, "渠道") in found
    assert (5, "信访人") in found  # 来电 without a phone: the petitioners' problem
    assert (6, "答复日期") in found  # replied before it was received
    assert (7, "身份证号") in found  # the same petition as row 2
    assert all(r > 1 for r, _ in found)


def test_the_same_file_twice_adds_nothing(registrar):
    content = xlsx(
        HEADERS,
        [
            row(),
            row(**{"信访人": "王五", "身份证号": "", "收到时间": "2025-03-11 10:00"}),
            row(
                **{
                    "来源": "上级交办",
                    "转送/交办机关": "市总工会",
                    "转送/交办文号": "深工交〔2025〕3号",
                    "信访人": "孙八",
                    "身份证号": id_of(8),
                }
            ),
        ],  # fmt: skip
    )
    first = run(registrar, content)
    assert first.status == "committed", problems_of(first)
    again = run(registrar, content)
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增信访件0件；3件已在册，未改动。"
    assert Petition.objects.count() == 3


def test_numbers_are_kept_and_a_clash_is_a_row_problem(registrar, federation):
    year = timezone.localdate().year
    content = xlsx(
        HEADERS,
        [
            row(**{"信访编号": f"测工信〔{year}〕0007"}),
            row(**{"信访人": "李四", "身份证号": id_of(2)}),  # numbered after the kept one
            row(**{"信访编号": "测工信〔2024〕12", "信访人": "王五", "身份证号": id_of(3)}),
        ],
    )
    job = run(registrar, content)
    assert job.status == "committed", problems_of(job)
    numbers = set(Petition.objects.values_list("number", flat=True))
    assert f"测工信〔{year}〕0007" in numbers and "测工信〔2024〕0012" in numbers
    assert f"测工信〔{year}〕0008" in numbers  # the counter moved past the kept number
    assert PetitionCounter.objects.get(federation=federation, year=2024).last_seq == 12
    clash = run(
        registrar,
        xlsx(HEADERS, [row(**{"信访编号": f"测工信〔{year}〕0007", "信访人": "赵六", "身份证号": id_of(6)}),
                       row(**{"信访编号": "外工信〔2024〕0001", "信访人": "钱七", "身份证号": id_of(7)})]),
    )  # fmt: skip
    assert clash.status == "refused"
    messages = {(r, c): m for r, c, m, _ in problems_of(clash)}
    assert messages[2, "信访编号"] == "该信访编号已被使用。"
    assert "前缀" in messages[3, "信访编号"]


def test_a_historical_petition_is_concluded_without_reminder_or_queue(registrar, handler, federation):
    content = xlsx(
        HEADERS,
        [
            row(
                **{
                    "收到时间": "2024-01-02 09:00",
                    "处理意见": "支持",
                    "答复日期": "2024-06-30",
                    "送达方式": "当面送达",
                    "满意度评价": "满意",
                    "评价方式": "电话回访",
                }
            ),
        ],  # fmt: skip
    )
    job = run(registrar, content)
    assert job.status == "committed", problems_of(job)
    assert "历史办结件1件" in job.summary
    petition = Petition.objects.get()
    assert (petition.status, petition.rating, petition.replied_on) == (
        Status.RATED,
        "satisfied",
        date(2024, 6, 30),
    )
    clocks = Clock.objects.filter(petition=petition)
    assert clocks and all(c.is_historical and c.stopped_at is not None for c in clocks)
    handling = clocks.get(kind=ClockKind.HANDLING)
    assert handling.stopped_late is True  # replied after the handling period: late in statistics
    call_command("tick", stdout=io.StringIO())
    call_command("tick", stdout=io.StringIO())
    assert not Reminder.objects.exists()
    assert not Clock.objects.watched().exists()
    assert not PetitionEvent.objects.filter(petition=petition, kind__in=("due_soon", "overdue")).exists()
    for queue in QUEUES:
        assert not Petition.objects.in_queue(queue, handler).filter(pk=petition.pk).exists(), queue
    assert Petition.objects.get().status == Status.RATED  # tick left it alone


def test_an_organisation_outside_the_scope_is_a_row_problem(committee_registrar, other_committee):
    job = run(committee_registrar, xlsx(HEADERS, [row(**{"责任组织": other_committee.name})]))
    assert job.status == "refused"
    assert [(r, c) for r, c, _, _ in problems_of(job)] == [(2, "责任组织")]
    assert not Petition.objects.exists()


def test_a_match_outside_the_scope_tells_nothing(
    committee_registrar, registrar, make_petition, other_committee
):
    """The same petitioner's petition of that day on file outside the user's scope is not matched (that would tell
    who is on file): the row is registered like a new one, and the result counts it as new."""
    received = timezone.make_aware(datetime(2025, 3, 10, 9, 30))
    elsewhere = make_petition(registrar, org_id=other_committee.pk, received_at=received)
    content = xlsx(HEADERS, [row(**{"身份证号": elsewhere.petitioners.get().id_number})])
    job = run(committee_registrar, content)
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增信访件1件；0件已在册，未改动。"
    assert Petition.objects.count() == 2


def test_export_imports_again_into_an_empty_installation(registrar, handler, committee_registrar):
    content = xlsx(
        HEADERS,
        [
            row(
                **{
                    "其他信访人": f"李四/共同信访人/{id_of(2)}/13900001111",
                    "人数": 2,
                    "涉及金额": "1,234.50",
                    "被反映单位": "鸿运厂",
                    "紧急重大": "是",
                }
            ),
            row(
                **{
                    "收到时间": "2024-01-02 09:00",
                    "处理意见": "支持",
                    "答复日期": "2024-06-30",
                    "信访人": "王五",
                    "身份证号": id_of(3),
                    "信访类型": "检举控告类",
                    "处理意见书正文": "经查属实。",
                    "满意度评价": "基本满意",
                    "评价日期": "2024-07-05",
                    "评价方式": "短信",
                }
            ),
            row(
                **{
                    "来源": "上级交办",
                    "转送/交办机关": "市总工会",
                    "转送/交办文号": "深工交〔2025〕3号",
                    "信访人": "孙八",
                    "身份证号": "",
                    "联系电话": "",
                    "渠道": "来信",
                }
            ),
        ],  # fmt: skip
    )
    assert run(registrar, content).status == "committed"
    client = Client()
    client.force_login(handler)
    response = client.get("/imports/petitions/export.xlsx")
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=handler, action="export", object_type="petition").exists()
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))] == HEADERS
    before = _records()
    assert len(before) == 3

    # Another installation: the same organisations and categories, no petition, no person, no employer.
    _empty()
    job = run(registrar, response.content)
    assert job.status == "committed", problems_of(job)
    assert _records() == before


def test_the_export_masks_identity_for_who_may_not_see_it(registrar, committee_registrar, federation):
    run(registrar, xlsx(HEADERS, [row()]))
    client = Client()
    client.force_login(registrar)  # a registrar sees the petitions he registered, not whole ID numbers
    response = client.get("/imports/petitions/export.xlsx")
    text = str([[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()])
    assert id_of(1) not in text and "13812345678" not in text
    client.force_login(committee_registrar)  # outside the scope: nothing
    response = client.get("/imports/petitions/export.xlsx")
    assert load_workbook(io.BytesIO(response.content)).active.max_row <= 2


def _empty() -> None:
    from xinfang.orgs.models import Employer
    from xinfang.people.models import Person
    from xinfang.petitions.models import Petitioner

    PetitionEvent.objects.all()._raw_delete(PetitionEvent.objects.db)
    Clock.objects.all().delete()
    Petitioner.objects.all().delete()
    Petition.objects.all().delete()
    PetitionCounter.objects.all().delete()
    Person.objects.all().delete()
    Employer.objects.all().delete()


def _records() -> list[tuple]:
    return sorted(
        (
            p.number, p.received_at, p.channel, p.kind, p.category_id, p.amount, p.is_urgent, p.is_confidential,
            p.status, p.outcome, p.decision_text, p.replied_on, p.rating, p.rated_on, p.rating_method,
            p.source, p.source_org_id, p.source_ref, p.people_count, p.org_id, p.request, p.facts, p.reasons,
            p.employer.name if p.employer else "",
            tuple((x.name, x.id_number, x.phone, x.role) for x in p.petitioners.order_by("order")),
        )
        for p in Petition.objects.all()
    )  # fmt: skip


def many(n: int):
    """``n`` rows of distinct petitions: most historical (concluded and rated), some live, some without an ID
    number."""
    start = date(2024, 1, 1)
    for i in range(n):
        received = start + timedelta(days=i % 600)
        cells = {"收到时间": f"{received} 09:30", "信访人": f"职工{i}", "身份证号": id_of(i + 10_000) if i % 10 else "",
                 "联系电话": f"138{i:08d}"}  # fmt: skip
        if i % 10 and i % 3:
            replied = received + timedelta(days=30 + i % 90)
            cells |= {"处理意见": "支持", "答复日期": str(replied), "满意度评价": "满意" if i % 2 else ""}
        yield row(**cells)


def test_ten_thousand_rows_in_a_bounded_number_of_queries(registrar):
    """The check and the commit of 10,000 rows: what touches the database runs once per batch of 500 (a query per
    row would be 10,000 or more), and the numbers given are gap-free."""
    content = xlsx(HEADERS, list(many(10_000)))
    with CaptureQueriesContext(connection) as queries:
        job = run(registrar, content)
    assert job.status == "committed", problems_of(job)[:5]
    assert len(queries) < 5_000, len(queries)
    assert Petition.objects.count() == 10_000
    assert sorted(Petition.objects.values_list("seq", flat=True)) == list(range(1, 10_001))
    assert not Clock.objects.filter(is_historical=True, stopped_at__isnull=True).exists()


def test_the_list_exports_what_it_shows(registrar, handler):
    run(registrar, xlsx(HEADERS, [row(), row(**{"渠道": "来信", "信访人": "李四", "身份证号": id_of(2)})]))
    client = Client()
    client.force_login(handler)
    page = client.get(reverse("petitions:list"), {"channel": "letter"}).content.decode()
    assert "/imports/petitions/export.xlsx?channel=letter" in page
    response = client.get("/imports/petitions/export.xlsx", {"channel": "letter"})
    names = [
        r[8]
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)
    ]
    assert names == ["李四"]
