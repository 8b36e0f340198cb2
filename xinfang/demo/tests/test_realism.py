"""Demo data that reads like a real office (issue 11): consultation questions that differ, employers filed under
the industry their trade belongs to, and visits, calls and letters received in the desk's hours on working days."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinfang.clocks.models import work_calendar
from xinfang.consultations.models import Consultation
from xinfang.orgs.models import Employer, Industry
from xinfang.petitions.demo.hours import DESK_HOURS
from xinfang.petitions.models import Channel, Petition


@pytest.fixture
def demo(db):
    call_command("demo_data", petitions=300, employers=120, stdout=StringIO())


def at_the_desk(moment, calendar) -> bool:
    local = timezone.localtime(moment)
    in_hours = any(start <= local.time() < end for start, end in DESK_HOURS)
    return in_hours and calendar.is_working_day(local.date())


def test_visits_calls_and_letters_come_in_the_desks_hours_on_working_days(demo):
    calendar = work_calendar()
    received = list(Petition.objects.exclude(channel=Channel.ONLINE).values_list("received_at", flat=True))
    assert len(received) > 200
    assert [m for m in received if not at_the_desk(m, calendar)] == []
    asked = list(Consultation.objects.values_list("asked_at", flat=True))
    assert asked and [m for m in asked if not at_the_desk(m, calendar)] == []
    # Online petitions still arrive at any hour.
    online = Petition.objects.filter(channel=Channel.ONLINE).values_list("received_at", flat=True)
    assert any(not at_the_desk(m, calendar) for m in online)


def test_consultation_questions_differ(demo):
    questions = list(Consultation.objects.values_list("question", flat=True))
    assert len(questions) == 360
    assert len(set(questions)) >= 0.9 * len(questions)
    # Each topic has questions of its own, answered for that question.
    wages = Consultation.objects.filter(topic="wages")
    assert wages.values("answer").distinct().count() >= 3


def test_employers_are_filed_under_the_industry_of_their_trade(demo):
    filed = dict(Employer.objects.values_list("name", "industry"))
    assert len(filed) == 120 and "" not in filed.values()
    for name, industry in filed.items():
        if "餐饮" in name or "酒店" in name:
            assert industry == Industry.H, name
        if "建筑工程" in name or "装饰工程" in name:
            assert industry == Industry.E, name
        if "电子" in name or "五金制品" in name:
            assert industry == Industry.C, name
    assert len(set(filed.values())) >= 6
