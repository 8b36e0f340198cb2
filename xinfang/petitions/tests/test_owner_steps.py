"""A handling unit may take, return and report its own assignment and add notes; every other step belongs to the
owning side. Tried for each owner-only step, through the page and through the API, by an approver of the unit
(a role that may take every step), on a case the unit can see because it leads its handling."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from xinfang.accounts.models import Role, User
from xinfang.conftest import PASSWORD
from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions.actions import (
    correct_petition,
    decide_review,
    finish_assignment,
    request_extension,
    request_review,
    take_assignment,
)
from xinfang.petitions.inputs import (
    CorrectionIn,
    ExtensionIn,
    FinishIn,
    ReviewDecisionIn,
    ReviewRequestIn,
    SupervisionIn,
)
from xinfang.petitions.models import Petition, PetitionEvent, Rating, ReviewResult, Status
from xinfang.petitions.workflow import OWNER, STEPS

from .steps import assign, conclude, fresh, lead, rate

OWNERSHIP = "您所在单位不能执行"


@pytest.fixture
def unit_approver(committee):
    return User.objects.create_user(
        username="unit_approver", password=PASSWORD, name="东湖负责人", role=Role.APPROVER, org=committee
    )


@pytest.fixture
def handling(accepted, handler, committee, committee_handler):
    """Owned by the federation, led by the committee, which has taken it."""
    (assignment,) = assign(accepted, handler, lead(committee))
    take_assignment(assignment=assignment, by=committee_handler)
    return fresh(accepted)


def _extension_requested(petition, handler, **_):
    request_extension(petition=fresh(petition), by=handler, data=ExtensionIn(days=10, reason="案情复杂"))
    return fresh(petition)


def _concluded(petition, handler, committee_handler, **_):
    assignment = petition.assignments.get()
    finish_assignment(assignment=assignment, by=committee_handler, data=FinishIn(report="已协调单位支付"))
    return conclude(petition, handler)


def _rated_dissatisfied(petition, handler, committee_handler, registrar, **_):
    return rate(_concluded(petition, handler, committee_handler), registrar, Rating.DISSATISFIED)


def _in_review(petition, handler, committee_handler, upper, **_):
    petition = _concluded(petition, handler, committee_handler)
    today = timezone.localdate()
    request_review(
        petition=petition,
        by=handler,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=upper.pk,
            requested_on=today,
            received_on=today,
            request_text="不服处理意见",
        ),
    )
    return fresh(petition)


def _reviewed(petition, handler, approver, **kw):
    petition = _in_review(petition, handler=handler, **kw)
    decide_review(
        petition=petition,
        by=approver,
        data=ReviewDecisionIn(
            version=petition.version,
            result=ReviewResult.UPHELD,
            decision_text="维持原处理意见",
            decided_on=timezone.localdate(),
        ),
    )
    return fresh(petition)


def _in_re_review(petition, handler, upper, **kw):
    petition = _reviewed(petition, handler=handler, upper=upper, **kw)
    province = Org.objects.create(name="省总工会", kind=OrgKind.UPPER)
    today = timezone.localdate()
    request_review(
        petition=petition,
        by=handler,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=province.pk,
            requested_on=today,
            received_on=today,
            request_text="不服复查意见",
        ),
    )
    return fresh(petition)


# Each state's way there from a petition in handling: (petition, **personas) -> the petition in that state.
STATES: dict[str, Callable[..., Petition]] = {
    "handling": lambda p, **kw: p,
    "extension_requested": _extension_requested,
    "concluded": _concluded,
    "rated_dissatisfied": _rated_dissatisfied,
    "in_review": _in_review,
    "reviewed": _reviewed,
    "in_re_review": _in_re_review,
}


@dataclass
class Attempt:
    """An owner-only step tried from the page (``page``: URL tail and form data) and from the API (``api``: path
    tail and JSON), both built from the petition in its state."""

    step: str
    state: str
    page: tuple[str, dict] | None
    api: tuple[str, dict] | None


def _today() -> str:
    return str(timezone.localdate())


ATTEMPTS = [
    Attempt(
        "assign",
        "handling",
        ("assign/", {"lead": "{other_committee}", "instructions": "请办理"}),
        ("assignments", {"units": [{"org_id": "{other_committee}", "role": "assist"}]}),
    ),
    Attempt(
        "request_extension",
        "handling",
        ("extension/", {"days": 10, "reason": "案情复杂"}),
        ("extensions", {"days": 10, "reason": "案情复杂"}),
    ),
    Attempt(
        "decide_extension",
        "extension_requested",
        ("extension/{extension}/decide/", {"approve": "1", "note": "同意"}),
        ("extensions/{extension}/decision", {"approve": True, "note": "同意"}),
    ),
    Attempt(
        "conclude",
        "handling",
        (
            "conclude/",
            {
                "outcome": "upheld",
                "decision_text": "经查属实",
                "legal_basis": "劳动法",
                "replied_on": "{today}",
                "delivery": "in_person",
            },
        ),
        (
            "conclusion",
            {
                "outcome": "upheld",
                "decision_text": "经查属实",
                "legal_basis": "劳动法",
                "replied_on": "{today}",
                "delivery": "in_person",
            },
        ),
    ),
    Attempt(
        "rate",
        "concluded",
        ("rate/", {"rating": "satisfied", "method": "phone", "rated_on": "{today}"}),
        ("rating", {"rating": "satisfied", "method": "phone", "rated_on": "{today}"}),
    ),
    Attempt(
        "reopen",
        "rated_dissatisfied",
        ("reopen/", {"reason": "重新核查"}),
        ("reopen", {"reason": "重新核查"}),
    ),
    Attempt(
        "request_review",
        "concluded",
        (
            "review/",
            {"body": "{upper}", "requested_on": "{today}", "received_on": "{today}", "request_text": "不服"},
        ),
        (
            "review-requests",
            {
                "body_id": "{upper}",
                "requested_on": "{today}",
                "received_on": "{today}",
                "request_text": "不服",
            },
        ),
    ),
    Attempt(
        "decide_review",
        "in_review",
        ("review/decide/", {"result": "upheld", "decision_text": "维持", "decided_on": "{today}"}),
        ("review-decision", {"result": "upheld", "decision_text": "维持", "decided_on": "{today}"}),
    ),
    Attempt(
        "request_re_review",
        "reviewed",
        (
            "review/",
            {"body": "{upper}", "requested_on": "{today}", "received_on": "{today}", "request_text": "不服"},
        ),
        (
            "review-requests",
            {
                "body_id": "{upper}",
                "requested_on": "{today}",
                "received_on": "{today}",
                "request_text": "不服",
            },
        ),
    ),
    Attempt(
        "decide_re_review",
        "in_re_review",
        ("review/decide/", {"result": "upheld", "decision_text": "维持", "decided_on": "{today}"}),
        ("review-decision", {"result": "upheld", "decision_text": "维持", "decided_on": "{today}"}),
    ),
    Attempt(
        "hearing",
        "in_review",
        ("hearing/", {"on": "{today}", "action": "start"}),
        ("hearing", {"on": "{today}", "action": "start"}),
    ),
    Attempt(
        "supervise", "handling", ("supervise/", {"note": "尽快办理"}), ("supervision", {"note": "尽快办理"})
    ),
    Attempt(
        "correct",
        "handling",
        ("correct/", {"request": "改写的请求", "facts": "改写的事实", "reasons": "改写的理由"}),
        ("correction", {"request": "改写的请求", "facts": "改写的事实", "reasons": "改写的理由"}),
    ),
    Attempt(
        "correct_closed",
        "concluded",
        (
            "correct/",
            {"request": "改写的请求", "facts": "改写的事实", "reasons": "改写的理由", "reason": "笔误"},
        ),
        (
            "correction",
            {"request": "改写的请求", "facts": "改写的事实", "reasons": "改写的理由", "reason": "笔误"},
        ),
    ),
]


def test_every_owner_only_step_is_tried():
    """A new owner-only step must be added to ATTEMPTS (the intake decisions are tried below: a unit never
    sees a case before it is assigned)."""
    owner_steps = {name for name, s in STEPS.items() if s.actor == OWNER and s.sources != {Status.REGISTERED}}
    assert owner_steps == {a.step for a in ATTEMPTS}


def _fill(value, names: dict):
    if isinstance(value, str):
        return value.format(**names) if "{" in value else value
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


def _snapshot(petition: Petition) -> tuple:
    p = Petition.objects.get(pk=petition.pk)
    return (
        p.version,
        p.status,
        p.request,
        p.supervised_at,
        PetitionEvent.objects.filter(petition=p).count(),
        p.assignments.count(),
        p.extensions.count(),
        p.clocks.count(),
    )


@pytest.fixture
def staged(request, handling, handler, committee_handler, registrar, approver, upper, other_committee):
    attempt: Attempt = request.param
    petition = STATES[attempt.state](
        handling,
        handler=handler,
        committee_handler=committee_handler,
        registrar=registrar,
        approver=approver,
        upper=upper,
    )
    extension = petition.extensions.first()
    names = {
        "other_committee": other_committee.pk,
        "upper": upper.pk,
        "today": _today(),
        "extension": extension.pk if extension else 0,
    }
    return attempt, petition, names


@pytest.mark.parametrize("staged", ATTEMPTS, ids=[a.step for a in ATTEMPTS], indirect=True)
def test_unit_cannot_take_owner_step_from_the_page(client, staged, unit_approver):
    attempt, petition, names = staged
    assert attempt.page is not None
    tail, data = attempt.page
    before = _snapshot(petition)
    client.force_login(unit_approver)
    response = client.post(
        f"/petitions/{petition.pk}/{_fill(tail, names)}", _fill(data, names) | {"version": petition.version}
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(OWNERSHIP in m for m in shown), shown
    assert _snapshot(petition) == before


@pytest.mark.parametrize(
    "staged", [a for a in ATTEMPTS if a.api], ids=[a.step for a in ATTEMPTS if a.api], indirect=True
)
def test_unit_cannot_take_owner_step_through_the_api(client, staged, unit_approver):
    attempt, petition, names = staged
    assert attempt.api is not None
    tail, data = attempt.api
    before = _snapshot(petition)
    client.force_login(unit_approver)
    response = client.post(
        f"/api/v1/petitions/{petition.pk}/{_fill(tail, names)}",
        _fill(data, names) | {"version": petition.version},
        content_type="application/json",
    )
    assert response.status_code == 403, response.content
    assert OWNERSHIP in response.json()["detail"]
    assert _snapshot(petition) == before


def test_unit_does_not_see_a_case_before_it_is_assigned(client, make_petition, registrar, unit_approver):
    petition = make_petition(registrar)
    client.force_login(unit_approver)
    page = client.post(f"/petitions/{petition.pk}/decide/", {"decision": "accept", "version": 1})
    api = client.post(
        f"/api/v1/petitions/{petition.pk}/intake-decision",
        {"decision": "accept", "version": 1},
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert fresh(petition).status == Status.REGISTERED


def test_unit_page_offers_no_correction_or_supervision(client, handling, unit_approver):
    client.force_login(unit_approver)
    html = client.get(f"/petitions/{handling.pk}/").content.decode()
    assert "保存更正" not in html and f"/petitions/{handling.pk}/supervise/" not in html


def test_owner_corrects_an_open_case_without_a_reason(handling, registrar):
    corrected = correct_petition(
        petition=handling, by=registrar, data=CorrectionIn(version=handling.version, facts="新的事实")
    )
    assert corrected.facts == "新的事实"


def test_closed_case_is_corrected_only_by_an_approver_with_a_reason(
    handling, handler, committee_handler, approver
):
    from django.core.exceptions import ValidationError

    from xinfang.lib.exceptions import NotAllowed

    petition = _concluded(handling, handler, committee_handler)
    with pytest.raises(NotAllowed):
        correct_petition(
            petition=petition,
            by=handler,
            data=CorrectionIn(version=petition.version, facts="改", reason="笔误"),
        )
    with pytest.raises(ValidationError) as refused:
        correct_petition(
            petition=petition, by=approver, data=CorrectionIn(version=petition.version, facts="改")
        )
    assert "更正理由" in refused.value.messages[0]
    old_facts = petition.facts
    corrected = correct_petition(
        petition=petition,
        by=approver,
        data=CorrectionIn(version=petition.version, facts="更正后的事实", reason="登记时笔误"),
    )
    assert corrected.facts == "更正后的事实" and corrected.status == Status.CONCLUDED
    event = PetitionEvent.objects.filter(petition=petition).order_by("-pk").first()
    assert event is not None and "登记时笔误" in event.summary
    assert event.changes["facts"] == {"from": old_facts, "to": "更正后的事实"}


def test_closed_case_correction_from_the_page_asks_for_the_reason(
    client, handling, handler, committee_handler, approver
):
    petition = _concluded(handling, handler, committee_handler)
    client.force_login(approver)
    assert "更正理由" in client.get(f"/petitions/{petition.pk}/").content.decode()
    data = {
        "version": petition.version,
        "request": petition.request,
        "facts": "改",
        "reasons": petition.reasons,
    }
    refused = client.post(f"/petitions/{petition.pk}/correct/", data)
    assert any("更正理由" in str(m) for m in get_messages(refused.wsgi_request))
    assert fresh(petition).facts == petition.facts
    client.post(f"/petitions/{petition.pk}/correct/", data | {"reason": "笔误"})
    assert fresh(petition).facts == "改"


def test_unit_supervision_is_refused_but_the_owners_approver_may(handling, unit_approver, approver):
    from xinfang.lib.exceptions import NotAllowed
    from xinfang.petitions.actions import supervise_petition

    with pytest.raises(NotAllowed, match=OWNERSHIP):
        supervise_petition(petition=handling, by=unit_approver, data=SupervisionIn(note="快办"))
    done = supervise_petition(
        petition=handling,
        by=approver,
        data=SupervisionIn(note="快办", due_on=timezone.localdate() + timedelta(days=3)),
    )
    assert done.supervised_by == approver
