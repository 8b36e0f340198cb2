"""Labour-dispute mediation: registration, the 15-day clock, the representatives rule, diversion from a
petition and the counting rule, the agreement and its performance, documents, scope and masking."""

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.inbox.models import Reminder
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.mediations.actions import (
    accept_mediation,
    add_session,
    conclude_mediation,
    generate_mediation_document,
    record_performance,
    register_mediation,
)
from xinfang.mediations.figures import ledger_totals
from xinfang.mediations.inputs import (
    AcceptIn,
    MediationConclusionIn,
    MediationDocumentIn,
    MediationIn,
    PerformanceIn,
    SessionIn,
    WorkerIn,
)
from xinfang.mediations.models import EventKind, Mediation, Performance, Status
from xinfang.petitions.actions import decide_intake
from xinfang.petitions.inputs import IntakeDecisionIn
from xinfang.petitions.models import IntakeDecision, Petition


@pytest.fixture
def mediation_input(employer, valid_id):
    def make(**overrides):
        data = {
            "body": "federation",
            "application_form": "written",
            "received_on": timezone.localdate() - timedelta(days=2),
            "dispute_type": "pay",
            "claims": "要求支付拖欠的三个月工资。",
            "workers": [WorkerIn(name="王五", id_number=valid_id, phone="13812345678")],
            "employer_id": employer.pk,
            "amount_claimed": Decimal("18000.00"),
            "mediators": "李调解",
        }
        data.update(overrides)
        return MediationIn(**data)

    return make


@pytest.fixture
def mediation(handler, mediation_input):
    return register_mediation(by=handler, data=mediation_input())


def fresh(m):
    return Mediation.objects.select_related("org", "employer").get(pk=m.pk)


def settle(m, by, amount="10000.00", **overrides):
    m = fresh(m)
    data: dict[str, Any] = {
        "result": Status.SETTLED,
        "result_on": timezone.localdate(),
        "agreement_terms": "被申请人支付申请人工资一万元。",
        "amount_agreed": Decimal(amount),
        "performance_due_on": timezone.localdate() + timedelta(days=10),
        "performance_manner": "银行转账",
    }
    data.update(overrides)
    return conclude_mediation(mediation=m, by=by, data=MediationConclusionIn(version=m.version, **data))


def test_registration_numbers_the_case_and_starts_the_15_day_clock(mediation, federation):
    assert mediation.number == f"测工调〔{mediation.received_on.year}〕0001"
    from xinfang.mediations.actions import settle_by

    assert (
        mediation.settle_by == settle_by(mediation.received_on) >= mediation.received_on + timedelta(days=15)
    )
    assert mediation.status == Status.RECEIVED and mediation.worker_names == "王五"
    assert mediation.events.get(kind=EventKind.REGISTERED).summary.startswith("书面申请登记")


def test_the_15_day_clock_rolls_past_the_national_day_week(handler, mediation_input):
    # Received 2026-09-20: the 15th day is 10-05, inside the holiday; the first working day after is 10-08.
    m = register_mediation(by=handler, data=mediation_input(received_on=date(2026, 9, 20)))
    assert m.settle_by == date(2026, 10, 8)


def test_the_15_day_clock_ending_on_an_adjusted_working_saturday_stays(handler, mediation_input):
    # Received 2026-09-25: the 15th day is Saturday 10-10, a working day (调休).
    m = register_mediation(by=handler, data=mediation_input(received_on=date(2026, 9, 25)))
    assert m.settle_by == date(2026, 10, 10)


def test_bad_inputs_are_named_and_nothing_is_saved(handler, mediation_input):
    with pytest.raises(ValidationError) as e:
        register_mediation(
            by=handler,
            data=mediation_input(
                received_on=timezone.localdate() + timedelta(days=1),
                amount_claimed=Decimal("-1"),
                claims=" ",
            ),
        )
    errors = e.value.message_dict
    assert errors["received_on"] == ["收到申请日期不能晚于今天。"]
    assert errors["amount_claimed"] == ["涉及金额不能为负数。"]
    assert "口头申请请当场记录" in errors["claims"][0]
    assert not Mediation.objects.exists()


def test_accepted_before_received_is_refused(handler, mediation_input):
    received = timezone.localdate() - timedelta(days=3)
    with pytest.raises(ValidationError) as e:
        register_mediation(
            by=handler, data=mediation_input(received_on=received, accepted_on=received - timedelta(days=1))
        )
    assert e.value.message_dict == {"accepted_on": ["受理日期不能早于收到申请日期。"]}


def test_representatives_only_for_ten_or_more(handler, mediation_input):
    with pytest.raises(ValidationError) as e:
        register_mediation(
            by=handler,
            data=mediation_input(people_count=3, workers=[WorkerIn(name="甲", is_representative=True)]),
        )
    assert "10人以上" in e.value.message_dict["workers"][0]


def test_twelve_workers_not_all_listed_must_elect_representatives(handler, mediation_input):
    with pytest.raises(ValidationError) as e:
        register_mediation(by=handler, data=mediation_input(people_count=12, workers=[WorkerIn(name="甲")]))
    assert "推举代表" in e.value.message_dict["workers"][0]
    m = register_mediation(
        by=handler,
        data=mediation_input(
            people_count=12,
            workers=[
                WorkerIn(name="甲", is_representative=True),
                WorkerIn(name="乙", is_representative=True),
            ],
        ),
    )
    assert m.workers.filter(is_representative=True).count() == 2 and m.people_count == 12


def test_diverted_petition_becomes_a_linked_case_counted_once_in_each_ledger(
    registrar, handler, make_petition, mediation_input
):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:  # not diverted yet
        register_mediation(by=handler, data=mediation_input(petition_id=petition.pk))
    assert e.value.message_dict["petition"] == ["只有已导入法定程序的信访件可以转为调解案件。"]
    petition = decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(decision=IntakeDecision.DIVERT, version=1, reason="属劳动争议，导入调解程序"),
    )
    m = register_mediation(by=handler, data=mediation_input(petition_id=petition.pk))
    assert Petition.objects.get(pk=petition.pk).mediation == m and m.petition == petition
    with pytest.raises(ValidationError):
        register_mediation(by=handler, data=mediation_input(petition_id=petition.pk))
    register_mediation(by=handler, data=mediation_input())  # one more, registered directly
    totals = ledger_totals(Mediation.objects.visible_to(handler))
    assert totals["cases"] == 2 and totals["from_petitions"] == 1
    assert Petition.objects.visible_to(handler).count() == 1  # the petition still counts once as a petition


def test_amounts_are_exact_decimals(handler, mediation_input):
    for amount in ("0.10", "0.20", "20209.20"):
        register_mediation(by=handler, data=mediation_input(amount_claimed=Decimal(amount)))
    totals = ledger_totals(Mediation.objects.all())
    assert totals["claimed"] == Decimal("20209.50")
    assert isinstance(totals["claimed"], Decimal)


def test_settled_needs_terms_and_a_due_date_after_the_result(mediation, handler):
    m = fresh(mediation)
    with pytest.raises(ValidationError) as e:
        conclude_mediation(
            mediation=m,
            by=handler,
            data=MediationConclusionIn(
                version=m.version,
                result=Status.SETTLED,
                result_on=timezone.localdate(),
                performance_due_on=timezone.localdate() - timedelta(days=1),
            ),
        )
    assert set(e.value.message_dict) == {"agreement_terms", "performance_due_on", "performance_manner"}


def test_recovering_more_than_agreed_needs_a_confirmation(mediation, handler):
    m = settle(mediation, handler, amount="10000.00")
    with pytest.raises(ValidationError) as e:
        record_performance(
            mediation=m,
            by=handler,
            data=PerformanceIn(
                version=m.version, performance=Performance.PERFORMED, amount_recovered=Decimal("10000.01")
            ),
        )
    assert "超过协议金额（10000.00元）" in e.value.message_dict["amount_recovered"][0]
    m = record_performance(
        mediation=fresh(m),
        by=handler,
        data=PerformanceIn(
            version=fresh(m).version,
            performance=Performance.PERFORMED,
            amount_recovered=Decimal("10000.01"),
            confirm_over_agreed=True,
        ),
    )
    assert m.amount_recovered == Decimal("10000.01")


def test_negative_recovery_is_refused(mediation, handler):
    m = settle(mediation, handler)
    with pytest.raises(ValidationError) as e:
        record_performance(
            mediation=m,
            by=handler,
            data=PerformanceIn(version=m.version, performance="partly", amount_recovered=Decimal("-5")),
        )
    assert e.value.message_dict == {"amount_recovered": ["追回金额不能为负数。"]}


def test_a_stale_version_is_a_conflict(mediation, handler, approver):
    m, stale = fresh(mediation), fresh(mediation)
    accept_mediation(
        mediation=m, by=handler, data=AcceptIn(version=m.version, accepted_on=timezone.localdate())
    )
    with pytest.raises(Conflict):
        conclude_mediation(
            mediation=stale,
            by=approver,
            data=MediationConclusionIn(
                version=stale.version,
                result=Status.WITHDRAWN,
                result_on=timezone.localdate(),
                note="申请人撤回",
            ),
        )


def test_sessions_need_the_case_accepted(mediation, handler):
    with pytest.raises(NotAllowed):
        add_session(
            mediation=fresh(mediation),
            by=handler,
            data=SessionIn(held_on=timezone.localdate(), place="调解室", attendees="双方", minutes="x"),
        )
    m = fresh(mediation)
    accept_mediation(
        mediation=m, by=handler, data=AcceptIn(version=m.version, accepted_on=timezone.localdate())
    )
    add_session(
        mediation=fresh(m),
        by=handler,
        data=SessionIn(
            held_on=timezone.localdate(), place="调解室", attendees="双方及调解员", minutes="双方陈述意见"
        ),
    )
    assert m.events.filter(kind=EventKind.SESSION).count() == 1


def test_tick_records_the_lapse_once_and_offers_arbitration(handler, mediation_input):
    m = register_mediation(
        by=handler, data=mediation_input(received_on=timezone.localdate() - timedelta(days=40))
    )
    call_command("tick")
    call_command("tick")
    m = fresh(m)
    assert m.lapsed_on == timezone.localdate() and m.may_apply_for_arbitration
    assert m.events.filter(kind=EventKind.LAPSED).count() == 1
    assert Reminder.objects.filter(user=handler, link=reverse("mediations:detail", args=[m.pk])).count() == 1
    document = generate_mediation_document(
        mediation=m, by=handler, data=MediationDocumentIn(kind="mediation_termination")
    )
    text = "\n".join(p.text for p in docx.Document(document.file.path).paragraphs)
    assert "15日内，双方未能达成调解协议" in text and "一年" in text and "申请仲裁" in text


def test_tick_chases_an_unperformed_agreement(mediation, handler, frozen_clock):
    m = settle(mediation, handler)
    # The agreed date (ten days ahead) passes: the performance clock is overdue the day after.
    frozen_clock.shift(timedelta(days=11))
    call_command("tick")
    call_command("tick")
    assert m.events.filter(kind=EventKind.PERFORMANCE_OVERDUE).count() == 1


def test_agreement_document_has_parties_terms_performance_signatures_and_three_copies(mediation, handler):
    m = settle(mediation, handler, amount="36570.50")
    document = generate_mediation_document(
        mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
    )
    text = "\n".join(p.text for p in docx.Document(document.file.path).paragraphs)
    for part in (
        "劳动争议调解协议书",
        "申请人：王五",
        "被申请人：鸿寅电子有限公司",
        "一、争议事项",
        "拖欠的三个月工资",
        "二、调解结果",
        "36,570.50元",
        "叁万陆仟伍佰柒拾元伍角",
        "三、履行期限和方式",
        "银行转账",
        "申请人（签名）",
        "被申请人（盖章）",
        "调解员（签名）：",
        "调解组织（印章）",
        "一式三份",
    ):
        assert part in text, part
    # The mediators sign by hand: their names are not printed on the signature line (issue 11).
    assert "李调解" not in text


def test_application_form_masks_the_id_number(mediation, handler, valid_id):
    document = generate_mediation_document(
        mediation=fresh(mediation), by=handler, data=MediationDocumentIn(kind="mediation_application")
    )
    d = docx.Document(document.file.path)
    cells = " ".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert "王五" in cells and valid_id not in cells and valid_id[-4:] in cells
    assert "拖欠的三个月工资" in cells and "18,000.00元" in cells


def test_termination_notice_only_when_arbitration_is_open(mediation, handler):
    with pytest.raises(NotAllowed):
        generate_mediation_document(
            mediation=fresh(mediation), by=handler, data=MediationDocumentIn(kind="mediation_termination")
        )


def test_outsider_gets_404_everywhere(client, mediation, outsider):
    client.force_login(outsider)
    assert client.get(reverse("mediations:detail", args=[mediation.pk])).status_code == 404
    assert client.get(f"/api/v1/mediations/{mediation.pk}").status_code == 404
    assert client.get("/api/v1/mediations").json()["items"] == []
    assert mediation.number not in client.get(reverse("mediations:list")).content.decode()
    rows = list(
        load_workbook(io.BytesIO(client.get(reverse("mediations:export")).content)).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2  # title and header only


def test_page_masks_numbers_and_the_worker_reveal_is_logged(client, mediation, handler, valid_id):
    from xinfang.audit.models import AccessLog

    client.force_login(handler)
    page = client.get(reverse("mediations:detail", args=[mediation.pk])).content.decode()
    assert valid_id not in page and valid_id[-4:] in page
    person = mediation.workers.get().person
    revealed = client.post(reverse("people:reveal", args=[person.pk, "id_number"]))
    assert valid_id in revealed.content.decode()
    assert AccessLog.objects.filter(object_id=person.pk, action="reveal_id_number").count() == 1


def test_registration_page_and_the_list_with_its_totals(client, handler, employer, valid_id):
    client.force_login(handler)
    response = client.post(
        reverse("mediations:create"),
        {
            "received_on": timezone.localdate().isoformat(),
            "application_form": "oral",
            "body": "federation",
            "dispute_type": "pay",
            "employer": employer.pk,
            "employer_name": employer.name,
            "people_count": 1,
            "amount_claimed": "5000.50",
            "claims": "口头申请：要求支付加班费。",
            "p-TOTAL_FORMS": 1,
            "p-INITIAL_FORMS": 0,
            "p-0-name": "赵六",
            "p-0-id_number": valid_id,
        },
    )
    m = Mediation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mediations:detail", args=[m.pk])
    page = client.get(reverse("mediations:list"))
    assert page.context["totals"]["cases"] == 1 and page.context["totals"]["claimed"] == Decimal("5000.50")


def test_list_and_api_run_a_fixed_number_of_queries(client, handler, mediation_input):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register_mediation(by=handler, data=mediation_input())
    client.force_login(handler)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mediations:list"))
    with CaptureQueriesContext(connection) as few_api:
        client.get("/api/v1/mediations")
    for _ in range(6):
        register_mediation(by=handler, data=mediation_input())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("mediations:list"))
    with CaptureQueriesContext(connection) as many_api:
        items = client.get("/api/v1/mediations").json()["items"]
    assert len(many) == len(few) and len(many_api) == len(few_api) and len(items) == 7


def test_export_lists_the_filtered_cases_without_id_numbers(client, handler, mediation_input, valid_id):
    register_mediation(by=handler, data=mediation_input(dispute_type="pay"))
    register_mediation(by=handler, data=mediation_input(dispute_type="dismissal"))
    client.force_login(handler)
    content = client.get(reverse("mediations:export"), {"dispute_type": "pay"}).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][6] == "劳动报酬、工伤医疗费、经济补偿或者赔偿金"
    assert Decimal(str(rows[2][7])) == Decimal("18000")
    assert all(valid_id not in str(v) for row in rows for v in row)


def test_api_creates_with_the_same_messages(client, handler, employer):
    client.force_login(handler)
    bad = client.post(
        "/api/v1/mediations",
        {
            "body": "federation",
            "application_form": "written",
            "dispute_type": "pay",
            "employer_id": employer.pk,
            "received_on": str(timezone.localdate()),
            "claims": "工资",
            "workers": [],
            "amount_claimed": "-3",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["amount_claimed"] == ["涉及金额不能为负数。"]
    assert bad.json()["errors"]["workers"] == ["请至少登记一名申请调解的劳动者。"]


def test_the_whole_case_through_the_api(client, handler, employer, outsider):
    client.force_login(handler)
    today = str(timezone.localdate())
    created = client.post(
        "/api/v1/mediations",
        {
            "body": "federation",
            "application_form": "oral",
            "dispute_type": "pay",
            "employer_id": employer.pk,
            "received_on": today,
            "claims": "要求支付工资",
            "workers": [{"name": "钱八"}],
            "amount_claimed": "8000.00",
        },
        content_type="application/json",
    ).json()
    base = f"/api/v1/mediations/{created['id']}"
    accepted = client.post(
        f"{base}/accept",
        {"version": created["version"], "accepted_on": today},
        content_type="application/json",
    ).json()
    assert accepted["status"] == "mediating"
    concluded = client.post(
        f"{base}/conclusion",
        {
            "version": accepted["version"],
            "result": "settled",
            "result_on": today,
            "agreement_terms": "支付8000元",
            "amount_agreed": "8000.00",
            "performance_due_on": today,
            "performance_manner": "现金",
        },
        content_type="application/json",
    ).json()
    assert concluded["status"] == "settled" and concluded["amount_agreed"] == "8000.00"
    over = client.post(
        f"{base}/performance",
        {"version": concluded["version"], "performance": "performed", "amount_recovered": "9000.00"},
        content_type="application/json",
    )
    assert over.status_code == 422 and "超过协议金额" in over.json()["errors"]["amount_recovered"][0]
    document = client.post(
        f"{base}/documents", {"kind": "mediation_agreement"}, content_type="application/json"
    )
    assert document.status_code == 201 and document.json()["title"] == "调解协议书"
    follow = client.post(
        f"{base}/follow-ups", {"kind": "judicial_confirmation", "on": today}, content_type="application/json"
    )
    assert follow.status_code == 201
    client.force_login(outsider)
    assert (
        client.post(
            f"{base}/follow-ups", {"kind": "arbitration", "on": today}, content_type="application/json"
        ).status_code
        == 404
    )


def test_agreement_is_dated_the_day_it_was_reached(mediation, handler):
    reached = timezone.localdate() - timedelta(days=1)
    m = settle(mediation, handler, result_on=reached)
    document = generate_mediation_document(
        mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
    )
    last = [p.text for p in docx.Document(document.file.path).paragraphs if p.text.strip()][-1]
    assert last == f"{reached.year}年{reached.month}月{reached.day}日"


def test_list_pages_by_date_without_repeats(client, handler, mediation_input, monkeypatch):
    from xinfang.mediations import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    today = timezone.localdate()
    made = [
        register_mediation(by=handler, data=mediation_input(received_on=today - timedelta(days=d))).pk
        for d in (3, 1, 1, 1, 2)
    ]
    client.force_login(handler)
    seen: list[int] = []
    query: dict[str, str] = {}
    while True:
        page = client.get(reverse("mediations:list"), query).context["page"]
        seen += [m.pk for m in page.items]
        if not page.next_cursor:
            break
        query = {"cursor": page.next_cursor}
    # Newest date first; within a day, the latest registered first.
    assert seen == [made[3], made[2], made[1], made[4], made[0]]


def test_petition_page_names_its_mediation_case_only_within_the_mediation_scope(
    client, committee_registrar, handler, committee, make_petition, mediation_input
):
    """The committee owns the petition; the federation diverted it and registered the case as its own."""
    from xinfang.accounts.models import Role, User

    petition = decide_intake(
        petition=make_petition(committee_registrar),
        by=handler,
        data=IntakeDecisionIn(decision=IntakeDecision.DIVERT, version=1, reason="劳动争议"),
    )
    m = register_mediation(by=handler, data=mediation_input(petition_id=petition.pk))
    client.force_login(handler)
    case = reverse("mediations:detail", args=[m.pk])
    related = client.get(reverse("petitions:detail", args=[petition.pk])).context["related"]
    assert related == [(f"已转为劳动争议调解案件 {m.number}（两个台账各计一次）", case)]
    unit = User.objects.create_user(username="u", password="x-Testing-2026", role=Role.HANDLER, org=committee)
    client.force_login(unit)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert page.status_code == 200 and case not in [url for _, url in page.context["related"]]
    assert m.number not in page.content.decode()


def test_a_diverted_petition_offers_its_owner_to_register_the_case_and_then_names_it(
    client, registrar, handler, leader, make_petition, mediation_input
):
    petition = decide_intake(
        petition=make_petition(registrar),
        by=handler,
        data=IntakeDecisionIn(decision=IntakeDecision.DIVERT, version=1, reason="劳动争议"),
    )
    page = reverse("petitions:detail", args=[petition.pk])
    offer = ("登记为劳动争议调解案件", f"{reverse('mediations:create')}?petition={petition.pk}")
    client.force_login(handler)
    assert client.get(page).context["related"] == [offer]
    client.force_login(leader)
    assert client.get(page).context["related"] == []
    m = register_mediation(by=handler, data=mediation_input(petition_id=petition.pk))
    client.force_login(handler)
    case = (
        f"已转为劳动争议调解案件 {m.number}（两个台账各计一次）",
        reverse("mediations:detail", args=[m.pk]),
    )
    assert client.get(page).context["related"] == [case]
