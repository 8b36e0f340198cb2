"""Workers' home inspections: scoring against the year's checklist (frozen once used), results and re-inspections,
the pass rate and how re-inspections count, the tick reminder (once), scope, the pages and the import."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinfang.figures.registry import Period, compute, figures
from xinfang.homes.actions import create_inspection, record_honour, record_reinspection, update_inspection
from xinfang.homes.figures import pass_rate
from xinfang.homes.inputs import HonourIn, InspectionIn, ReinspectionIn, ScoreIn
from xinfang.homes.jobs import note_reinspections_due
from xinfang.homes.models import Checklist, ChecklistItem, Honour, Inspection, Result
from xinfang.imports.tests.conftest import headers_of, problems_of, xlsx
from xinfang.inbox.models import Reminder
from xinfang.lib.exceptions import Conflict, NotAllowed


def inspection_in(union=None, employer=None, scores=(38, 36, 18), result=Result.PASSED, **extra):
    data = {
        "inspected_on": timezone.localdate() - timedelta(days=30),
        "union_id": union.pk if union else None,
        "employer": employer.credit_code if employer else "",
        "inspectors": "张明、李华",
        "score_list": [ScoreIn(number=i, score=Decimal(s)) for i, s in enumerate(scores, start=1)],
        "result": result,
    }
    return InspectionIn(**(data | extra))


def reinspection_in(first, scores=(38, 36, 18), result=Result.PASSED, **extra):
    data = {
        "inspected_on": timezone.localdate() - timedelta(days=1),
        "inspectors": "王芳",
        "score_list": [ScoreIn(number=i, score=Decimal(s)) for i, s in enumerate(scores, start=1)],
        "result": result,
        "version": first.version,
    }
    return ReinspectionIn(**(data | extra))


def rectify(union, by, days=10):
    return create_inspection(
        by=by,
        data=inspection_in(
            union,
            scores=(30, 30, 10),
            result=Result.RECTIFY,
            reinspect_by=timezone.localdate() + timedelta(days=days),
        ),
    )


def test_an_inspection_is_scored_against_the_checklist_of_its_year(registrar, unions, employer, checklist):
    i = create_inspection(by=registrar, data=inspection_in(unions[0], employer))
    assert (i.total_score, i.result, i.status, i.checklist, i.unit_name) == (
        Decimal(92),
        Result.PASSED,
        Result.PASSED,
        checklist,
        unions[0].name,
    )
    assert [s.score for s in i.scores.order_by("item__number")] == [38, 36, 18]
    assert i.events.get().kind == "created"
    assert i.score_list == "38、36、18"


def test_bad_scores_and_results_name_the_field_and_save_nothing(registrar, unions, checklist):
    with pytest.raises(ValidationError) as e:
        create_inspection(by=registrar, data=inspection_in(unions[0], scores=(41, 36)))
    messages = " ".join(e.value.message_dict["score_list"])
    assert "超过该项满分（40.0分）" in messages and "第3项" in messages
    with pytest.raises(ValidationError) as e:  # 70 is below the pass score
        create_inspection(by=registrar, data=inspection_in(unions[0], scores=(30, 30, 10)))
    assert "合格分数线" in e.value.message_dict["result"][0]
    with pytest.raises(ValidationError) as e:
        create_inspection(
            by=registrar, data=inspection_in(unions[0], scores=(30, 30, 10), result=Result.RECTIFY)
        )
    assert "复查日期" in e.value.message_dict["reinspect_by"][0]
    with pytest.raises(ValidationError) as e:
        create_inspection(by=registrar, data=inspection_in())
    assert "union" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        create_inspection(
            by=registrar,
            data=inspection_in(unions[0], inspected_on=date(timezone.localdate().year - 1, 6, 1)),
        )
    assert "尚无职工之家验收标准" in e.value.message_dict["inspected_on"][0]
    assert not Inspection.objects.exists()


def test_a_used_checklist_is_frozen_and_next_years_list_changes_no_past_inspection(
    registrar, unions, checklist
):
    item = checklist.items.get(number=1)
    item.title = "改过的标题"
    item.save()  # not used yet: may be edited
    i = create_inspection(by=registrar, data=inspection_in(unions[0]))
    with pytest.raises(ValidationError):
        item.max_score = Decimal(50)
        item.save()
    with pytest.raises(ValidationError):
        checklist.items.get(number=3).delete()
    with pytest.raises(ValidationError):
        ChecklistItem.objects.create(checklist=checklist, number=4, title="新增", max_score=Decimal(5))
    following = Checklist.objects.create(year=checklist.year + 1, title="新标准", pass_score=Decimal(60))
    new_item = ChecklistItem.objects.create(
        checklist=following, number=1, title="全部重写", max_score=Decimal(100)
    )
    new_item.max_score = Decimal(90)
    new_item.save()
    i.refresh_from_db()
    assert i.checklist == checklist and i.total_score == 92
    assert [(s.item.title, s.item.max_score) for s in i.scores.order_by("item__number")][1:] == [
        ("民主管理", 40),
        ("服务职工", 20),
    ]


def test_a_reinspection_settles_the_units_status_and_counts_once(registrar, unions, checklist):
    first = rectify(unions[0], registrar)
    record_reinspection(inspection=first, by=registrar, data=reinspection_in(first))
    first.refresh_from_db()
    assert (first.status, first.result, first.reinspect_by, first.version) == (
        Result.PASSED,
        Result.RECTIFY,
        None,
        2,
    )
    assert first.reinspections.get().result == Result.PASSED
    with pytest.raises(NotAllowed):  # no longer waiting for a re-inspection
        record_reinspection(inspection=first, by=registrar, data=reinspection_in(first))


def test_a_stale_version_is_a_conflict(registrar, unions, checklist):
    first = rectify(unions[0], registrar)
    stale = reinspection_in(first)
    record_reinspection(
        inspection=first, by=registrar,
        data=reinspection_in(first, scores=(30, 30, 10), result=Result.RECTIFY,
                             reinspect_by=timezone.localdate() + timedelta(days=20)),
    )  # fmt: skip
    first.refresh_from_db()
    with pytest.raises(Conflict):
        record_reinspection(inspection=first, by=registrar, data=stale)
    assert first.reinspections.count() == 1


def test_pass_rate_counts_units_by_their_first_inspection(registrar, unions, checklist):
    create_inspection(by=registrar, data=inspection_in(unions[0]))
    again = rectify(unions[1], registrar)
    record_reinspection(inspection=again, by=registrar, data=reinspection_in(again))
    create_inspection(by=registrar, data=inspection_in(unions[2], scores=(20, 20, 10), result=Result.FAILED))
    rectify(unions[3], registrar)
    year = Period.year(timezone.localdate().year)
    values = {f.key: v for f, v in compute(figures("homes"), user=registrar, period=year)}
    assert values == {"inspected": 4, "passed": 2, "rectifying": 1, "failed": 1}
    assert str(pass_rate(values)) == "50.0%"
    assert Inspection.objects.count() == 5  # the re-inspection is a record, not a second unit
    assert str(pass_rate({"passed": 0, "inspected": 0})) == "—"


def test_tick_reminds_once_when_the_reinspection_date_comes(
    registrar, handler, unions, checklist, frozen_clock
):
    first = rectify(unions[0], registrar, days=3)
    assert note_reinspections_due(timezone.now()).endswith(" 0 条")
    frozen_clock.shift(timedelta(days=3))
    assert note_reinspections_due(timezone.now()).endswith(" 1 条")
    assert note_reinspections_due(timezone.now()).endswith(" 0 条")
    call_command("tick", stdout=io.StringIO())
    assert Reminder.objects.filter(ledger="homes", record_id=first.pk).count() == 1
    assert first.events.filter(kind="reinspect_due").count() == 1
    # Put right late: 限期整改 again, with a new date; it is noted when that date comes, once.
    first.refresh_from_db()
    record_reinspection(
        inspection=first, by=registrar,
        data=reinspection_in(first, inspected_on=timezone.localdate(), scores=(30, 30, 10), result=Result.RECTIFY,
                             reinspect_by=timezone.localdate() + timedelta(days=5)),
    )  # fmt: skip
    Reminder.objects.filter(ledger="homes", record_id=first.pk).update(read_at=timezone.now())  # seen to
    frozen_clock.shift(timedelta(days=5))
    assert note_reinspections_due(timezone.now()).endswith(" 1 条")
    assert note_reinspections_due(timezone.now()).endswith(" 0 条")
    assert Reminder.objects.filter(ledger="homes", record_id=first.pk).count() == 2
    assert Reminder.objects.filter(ledger="homes", record_id=first.pk).unread().count() == 1


def test_scope_and_abilities(registrar, leader, outsider, committee_registrar, unions, checklist, client):
    i = create_inspection(by=committee_registrar, data=inspection_in(unions[0]))
    assert list(Inspection.objects.visible_to(registrar)) == [i]
    assert not Inspection.objects.visible_to(outsider).exists()
    with pytest.raises(NotAllowed):
        create_inspection(by=leader, data=inspection_in(unions[0]))
    with pytest.raises(ValidationError):  # another committee's union is outside the outsider's scope
        create_inspection(by=outsider, data=inspection_in(unions[1]))
    client.force_login(outsider)
    assert client.get(reverse("homes:detail", args=[i.pk])).status_code == 404


def test_honours(registrar, unions, checklist):
    h = record_honour(
        by=registrar,
        data=HonourIn(
            union_id=unions[0].pk, kind="home", level="provincial", awarded_by="广东省总工会", year=2025
        ),
    )
    assert str(h) == f"2025年省级模范职工之家 {unions[0].name}"
    with pytest.raises(ValidationError) as e:
        record_honour(
            by=registrar,
            data=HonourIn(
                union_id=unions[0].pk, kind="home", level="provincial", awarded_by="广东省总工会", year=2025
            ),
        )
    assert "已登记" in e.value.message_dict["unit_name"][0]
    with pytest.raises(ValidationError) as e:
        record_honour(by=registrar, data=HonourIn(union_id=unions[0].pk, kind="home", level="national",
                                                  awarded_by="", year=2025))  # fmt: skip
    assert "awarded_by" in e.value.message_dict
    assert Honour.objects.count() == 1


def test_pages(client, registrar, unions, checklist):
    client.force_login(registrar)
    page = client.post(
        reverse("homes:create"),
        {"inspected_on": (timezone.localdate() - timedelta(days=2)).isoformat(), "union": unions[0].pk,
         "inspectors": "张明", "result": "rectify", "reinspect_by": (timezone.localdate() + timedelta(days=9)).isoformat(),
         "score_1": "30", "score_2": "30", "score_3": "10"},
    )  # fmt: skip
    assert page.status_code == 302, page.context["form"].errors
    first = Inspection.objects.get()
    bad = client.post(
        reverse("homes_pages:reinspect", args=[first.pk]),
        {"inspected_on": timezone.localdate().isoformat(), "inspectors": "张明", "result": "passed",
         "version": first.version, "score_1": "30", "score_2": "30", "score_3": "10"},
    )  # fmt: skip
    assert "result" in bad.context["form"].errors  # 70 is below the pass score
    good = client.post(
        reverse("homes_pages:reinspect", args=[first.pk]),
        {"inspected_on": timezone.localdate().isoformat(), "inspectors": "张明", "result": "passed",
         "version": first.version, "score_1": "40", "score_2": "35", "score_3": "15"},
    )  # fmt: skip
    assert good.status_code == 302
    for u in unions[1:]:
        create_inspection(by=registrar, data=inspection_in(u))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("homes:list"))
    for u in unions[1:]:
        for days in range(40, 50):
            create_inspection(
                by=registrar, data=inspection_in(u, inspected_on=timezone.localdate() - timedelta(days=days))
            )
    with CaptureQueriesContext(connection) as many:
        listing = client.get(reverse("homes:list"))
    assert len(many) == len(few)  # no query per row
    assert listing.status_code == 200 and "荣誉" in listing.content.decode()
    totals = client.get(reverse("homes:list"), {"totals": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "验收职工之家 34 家，验收合格 34 家" in totals and "100.0%（34/34）" in totals
    detail = client.get(reverse("homes:detail", args=[first.pk])).content.decode()
    # Points without trailing zeros, as the timeline writes them: 满分40, total 70, the re-inspection's 90分.
    assert '<td class="text-end">40</td><td class="text-end">30</td>' in detail
    assert '<dt class="col-sm-2">总分</dt><dd class="col-sm-4">70</dd>' in detail
    assert " · 张明 · 90分 · 合格" in detail and "40.0" not in detail
    form = client.get(reverse("homes:create")).content.decode()
    assert "1. 组织建设（满分40分）" in form
    assert client.get(reverse("homes_pages:honours")).status_code == 200


HEADERS = [
    "受检单位", "验收日期", "受检基层工会", "受检用人单位", "验收人员", "各项得分", "总分", "验收结果", "最终结果", "复查日期",
    "备注", "验收组织",
]  # fmt: skip


def test_import_good_bad_and_twice(
    committee_registrar, committee, unions, employer, checklist, run_import, client
):
    assert headers_of("homes") == HEADERS
    day = timezone.localdate() - timedelta(days=10)
    later = timezone.localdate() + timedelta(days=20)
    rows = [
        [unions[0].name, day, unions[0].name, "", "张明", "38、36、18", None, "合格", None, None, "", ""],
        [
            employer.name,
            day,
            "",
            employer.credit_code,
            "李华",
            "30,30,10",
            None,
            "限期整改",
            None,
            later,
            "",
            committee.name,
        ],
    ]
    job = run_import(committee_registrar, "homes", xlsx(HEADERS, rows))
    assert job.status == "committed", problems_of(job)
    assert Inspection.objects.count() == 2
    assert Inspection.objects.get(employer=employer).status == Result.RECTIFY
    again = run_import(committee_registrar, "homes", xlsx(HEADERS, rows))
    assert again.status == "committed" and "2条已在册" in again.summary
    assert Inspection.objects.count() == 2
    bad = [
        [
            unions[1].name,
            day,
            unions[1].name,
            "",
            "张明",
            "45、36、18",
            None,
            "合格",
            None,
            None,
            "",
            "",
        ],  # > full
        ["某单位", day, "", "没有这家单位", "李华", "30,30,10", None, "合格", None, None, "", ""],
        ["另一单位", day, "", "", "李华", "30,30,x", None, "合格", None, None, "", ""],
    ]
    refused = run_import(committee_registrar, "homes", xlsx(HEADERS, bad))
    assert refused.status == "refused"
    found = {(row, column) for row, column, _, _ in problems_of(refused)}
    assert {(2, "各项得分"), (3, "受检用人单位"), (4, "各项得分")} <= found
    assert Inspection.objects.count() == 2
    client.force_login(committee_registrar)
    export = client.get(reverse("imports:export", args=["homes"]))
    assert export.status_code == 200


def test_an_inspection_is_corrected_until_it_is_reinspected(client, registrar, outsider, unions, checklist):
    i = create_inspection(by=registrar, data=inspection_in(unions[0]))
    client.force_login(registrar)
    edit = client.get(reverse("homes:edit", args=[i.pk]))
    assert edit.context["form"].initial["score_1"] == 38
    fixed = update_inspection(
        inspection=i, by=registrar, data=inspection_in(unions[0], scores=(40, 36, 18), version=i.version)
    )
    assert (fixed.total_score, fixed.score_list, fixed.version) == (94, "40、36、18", 2)
    assert fixed.events.filter(kind="updated").exists()
    with pytest.raises(Conflict):  # a stale version
        update_inspection(inspection=fixed, by=registrar, data=inspection_in(unions[0], version=1))
    with pytest.raises(NotAllowed):
        update_inspection(inspection=fixed, by=outsider, data=inspection_in(unions[0], version=2))
    first = rectify(unions[1], registrar)
    record_reinspection(inspection=first, by=registrar, data=reinspection_in(first))
    first.refresh_from_db()
    with pytest.raises(NotAllowed):
        update_inspection(
            inspection=first, by=registrar, data=inspection_in(unions[1], version=first.version)
        )


def test_a_merged_employers_inspections_follow_the_kept_one(
    registrar, administrator, committee, employer, checklist
):
    from xinfang.orgs.actions import merge_employers
    from xinfang.orgs.models import Employer

    kept = Employer.objects.create(name="鸿寅电子（深圳）有限公司", org=committee)
    i = create_inspection(by=registrar, data=inspection_in(employer=employer))
    merge_employers(duplicate=employer, into=kept, by=administrator)
    i.refresh_from_db()
    assert i.employer == kept


def test_the_first_inspection_filter_offers_any_not_unknown(client, registrar, unions, checklist):
    """A yes/no filter's empty choice reads 全部 (no filter), not Django's 未知; 否 still lists the re-inspections."""
    first = rectify(unions[0], registrar)
    record_reinspection(inspection=first, by=registrar, data=reinspection_in(first))
    client.force_login(registrar)
    page = client.get(reverse("homes:list")).content.decode()
    select = re.search(r'<select[^>]*name="first".*?</select>', page, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select.group(0))
    assert [(value, label) for value, _, label in options] == [("", "全部"), ("true", "是"), ("false", "否")]
    assert "未知" not in page
    again = client.get(reverse("homes:list"), {"first": "false"}).content.decode()
    assert re.search(r'<option value="false" selected>否</option>', again)
    assert again.count(reverse("homes:detail", args=[first.pk])) == 0
