"""The home page (工作台) is built from the registries: every ledger's queues through one partial, the year's
figures, the home-page buttons of the menu. It names no ledger."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox import queues
from xinfang.inbox.queues import Badge, Queue, Row, register_queue
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn


@pytest.fixture
def registry(monkeypatch):
    """The queue registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(queues, "QUEUES", list(queues.QUEUES))
    return queues.QUEUES


def fake_queue(**overrides) -> Queue:
    """A queue of a ledger that does not exist: the workbench knows nothing of it but what it registered."""
    row = Row(
        pk=7,
        number="假〔2026〕0007",
        link="/fakes/7/",
        names="赵六",
        what="假的事项",
        status="待处理",
        received_on=date(2026, 11, 20),
        badges=(Badge("急"),),
        due_on=date(2026, 11, 27),
    )
    queue = Queue(
        key="fakes.waiting",
        title="待处理的假事项",
        ledger="fakes",
        order=50,
        shown_to=lambda user: True,
        count=lambda user, limit: 1,
        rows=lambda user, size: [row][:size],
        link=lambda user: "/fakes/?queue=waiting",
    )
    return replace(queue, **overrides)


def panels_of(client) -> dict:
    return {p["title"]: p for p in client.get(reverse("home")).context["panels"]}


def test_a_queue_registered_by_a_ledger_is_rendered_without_the_workbench_naming_it(
    client, handler, registry
):
    register_queue(fake_queue())
    client.force_login(handler)
    page = client.get(reverse("home")).content.decode()
    assert "待处理的假事项" in page and 'href="/fakes/?queue=waiting"' in page
    assert 'href="/fakes/7/">假〔2026〕0007</a> <span class="badge text-bg-danger">急</span>' in page
    assert "11-20" in page and "赵六" in page and "假的事项" in page and "期限 11-27" in page
    titles = [p["title"] for p in client.get(reverse("home")).context["panels"]]
    assert titles.index("待处理的假事项") == 0  # order 50 comes before the petitions' 110


def test_a_queue_is_shown_only_to_whom_it_says_and_its_count_stops_at_99_plus(
    client, handler, registrar, registry
):
    register_queue(
        fake_queue(shown_to=lambda user: user.role == "handler", count=lambda user, limit: min(limit, 5000))
    )
    client.force_login(handler)
    assert panels_of(client)["待处理的假事项"]["count"] == "99+"
    client.force_login(registrar)
    assert "待处理的假事项" not in panels_of(client)


def test_a_queue_registered_again_under_its_key_replaces_the_first(client, handler, registry):
    register_queue(fake_queue())
    register_queue(fake_queue(title="改名后的假事项"))
    client.force_login(handler)
    titles = list(panels_of(client))
    assert "改名后的假事项" in titles and "待处理的假事项" not in titles


CONTRACT_QUEUES = [
    "已签订、待报送劳动行政部门审查的集体合同",
    "审查中的集体合同（15日内无异议即生效）",
    "期满前3个月内、尚未续订的集体合同",
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "registrar",
            [
                "待受理",
                "待签收",
                "临期",
                "超期",
                "待评价",
                "紧急重大（在办）",
                "我今天登记的",
                *CONTRACT_QUEUES,
            ],
        ),
        (
            "handler",
            [
                "待本单位复查复核",
                "待受理",
                "待签收",
                "被退回待重新交办",
                "办理中",
                "临期",
                "超期",
                "待评价",
                "复查复核中",
                "紧急重大（在办）",
                "待受理的调解申请",
                "调解中、15日期限将满或已满",
                "协议履行期限已过未履行",
                *CONTRACT_QUEUES,
            ],
        ),
        ("leader", ["紧急重大（在办）", "超期", "复查复核中"]),
    ],
)
def test_each_role_has_the_queues_of_its_work_in_order(client, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert list(panels_of(client)) == expected


def mediation_data(employer, valid_id, **overrides) -> MediationIn:
    data = {
        "body": "federation",
        "application_form": "written",
        "received_on": timezone.localdate() - timedelta(days=2),
        "dispute_type": "pay",
        "claims": "要求支付拖欠的三个月工资。",
        "workers": [WorkerIn(name="王五", id_number=valid_id, phone="13812345678")],
        "employer_id": employer.pk,
        "amount_claimed": Decimal("18000.00"),
    }
    return MediationIn(**(data | overrides))


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, registrar, handler, employer, valid_id, make_petition
):
    make_petition(registrar, received_at=timezone.now() - timedelta(days=40), is_urgent=True)
    register_mediation(by=handler, data=mediation_data(employer, valid_id))
    client.force_login(handler)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for days in (1, 2, 30, 45, 60):
        make_petition(registrar, received_at=timezone.now() - timedelta(days=days), is_urgent=True)
        register_mediation(by=handler, data=mediation_data(employer, valid_id))
    with CaptureQueriesContext(connection) as many:
        panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    assert panels["待受理"]["count"] == "6" and panels["待受理的调解申请"]["count"] == "6"
    assert panels["紧急重大（在办）"]["count"] == "6"
    assert len(many) == len(few)


def test_leaders_see_the_years_figures_and_registrars_do_not(client, registrar, leader, make_petition):
    make_petition(registrar, people_count=3, is_urgent=True)
    make_petition(registrar)
    make_petition(registrar, received_at=timezone.now().replace(year=timezone.now().year - 1))
    client.force_login(leader)
    response = client.get(reverse("home"))
    shown = {f.title: value for f, value in response.context["year_figures"] if f.ledger == "petitions"}
    assert shown == {"信访件": 2, "人次": 4, "集体访": 0}  # 紧急重大 is a queue, not a second count beside it
    assert f"{timezone.localdate().year}年信访件（件）" in response.content.decode()
    client.force_login(registrar)
    assert client.get(reverse("home")).context["year_figures"] is None


def test_the_register_button_comes_from_the_menu_and_leaders_have_none(client, registrar, leader):
    client.force_login(registrar)
    register = f'<a class="btn btn-danger" href="{reverse("petitions:create")}">登记信访</a>'
    assert register in client.get(reverse("home")).content.decode()
    client.force_login(leader)
    assert register not in client.get(reverse("home")).content.decode()
