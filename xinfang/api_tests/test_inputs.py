"""One input model per action serves the action, its API operation and its page: the operation's body is the
action's model (so the OpenAPI schema is the model's), and a value the model refuses is refused by the page and by
the API with the same Chinese message naming the field, and nothing is saved."""

import typing
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel

from xinfang.api import api
from xinfang.consultations import api as consultations_api
from xinfang.consultations.actions import record_consultation
from xinfang.consultations.models import Consultation
from xinfang.consultations.tests.test_consultations import entry
from xinfang.contracts import actions as contract_actions
from xinfang.contracts import api as contracts_api
from xinfang.mediations import actions as mediation_actions
from xinfang.mediations import api as mediations_api
from xinfang.mediations import workers as mediation_workers
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.mediations.models import Mediation, MediationSession
from xinfang.orgs import actions as org_actions
from xinfang.orgs import api as orgs_api
from xinfang.petitions import actions as petition_actions
from xinfang.petitions import api as petitions_api
from xinfang.petitions.models import Petition, Status
from xinfang.petitions.tests.test_registration import form_data

# (API operation, the action it calls)
OPERATIONS = [
    (petitions_api.create_petition, petition_actions.register_petition),
    (petitions_api.decide, petition_actions.decide_intake),
    (petitions_api.extension_request, petition_actions.request_extension),
    (petitions_api.extension_decide, petition_actions.decide_extension),
    (petitions_api.conclusion, petition_actions.conclude_petition),
    (petitions_api.rating, petition_actions.rate_petition),
    (petitions_api.supervise, petition_actions.supervise_petition),
    (petitions_api.correct, petition_actions.correct_petition),
    (petitions_api.assign, petition_actions.assign_petition),
    (petitions_api.return_, petition_actions.return_assignment),
    (petitions_api.finish, petition_actions.finish_assignment),
    (petitions_api.add_note, petition_actions.add_handling_note),
    (petitions_api.reopen, petition_actions.reopen_petition),
    (petitions_api.review_request, petition_actions.request_review),
    (petitions_api.review_decision, petition_actions.decide_review),
    (petitions_api.hearing, petition_actions.record_hearing),
    (petitions_api.generate, petition_actions.generate_document),
    (mediations_api.create_mediation, mediation_actions.register_mediation),
    (mediations_api.accept, mediation_actions.accept_mediation),
    (mediations_api.add_session, mediation_actions.add_session),
    (mediations_api.conclude, mediation_actions.conclude_mediation),
    (mediations_api.performance, mediation_actions.record_performance),
    (mediations_api.follow_up, mediation_actions.add_follow_up),
    (mediations_api.generate, mediation_actions.generate_mediation_document),
    (mediations_api.workers_add, mediation_workers.add_workers),
    (mediations_api.worker_amounts, mediation_workers.set_worker_amounts),
    (consultations_api.create_consultation, record_consultation),
    (orgs_api.create_employer, org_actions.create_employer),
    (contracts_api.add_session, contract_actions.add_session),
    (contracts_api.file, contract_actions.file_contract),
    (contracts_api.objection, contract_actions.record_objection),
    (contracts_api.refile, contract_actions.refile_contract),
]


def _body_model(view) -> type[BaseModel]:
    models = [
        hint
        for name, hint in typing.get_type_hints(view).items()
        if isinstance(hint, type) and issubclass(hint, BaseModel)
    ]
    assert len(models) == 1, models
    return models[0]


@pytest.mark.parametrize(("view", "action"), OPERATIONS, ids=[a.__name__ for _, a in OPERATIONS])
def test_the_api_operation_takes_the_actions_input_model_as_its_body(view, action):
    assert _body_model(view) is typing.get_type_hints(action)["data"]


def test_the_openapi_schema_states_each_input_model_under_its_own_name():
    """Two models of one name would share one component, and one ledger's body would document the other's."""
    components = api.get_openapi_schema()["components"]["schemas"]
    models = {_body_model(view) for view, _ in OPERATIONS}
    assert len({m.__name__ for m in models}) == len(models)
    for model in models:
        if model.__name__ in components:  # a multipart body (NoteIn) is stated inline
            assert set(components[model.__name__]["properties"]) == set(model.model_fields), model


def _flash(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _api_payload(category, **overrides):
    data = {
        "channel": "visit",
        "received_at": timezone.now().isoformat(),
        "kind": "claim",
        "category_id": category.pk,
        "request": "要求支付拖欠工资。",
        "facts": "单位拖欠三个月工资。",
        "reasons": "依法应支付。",
        "petitioners": [{"name": "张三", "phone": "13812345678"}],
    }
    return data | overrides


@pytest.mark.parametrize(
    ("facts", "message"),
    [("拖欠\x01工资", "事实含有不允许的字符"), ("事" * 5001, "事实不能超过5000个字")],
)
def test_the_registration_page_and_the_api_refuse_a_value_with_the_same_message(
    client, registrar, category, facts, message
):
    """The form lets the control character and the length through (a textarea); the input model refuses them."""
    client.force_login(registrar)
    page = client.post(reverse("petitions:create"), form_data(category, facts=facts))
    assert page.status_code == 200
    assert page.context["form"].errors["facts"] == [message]
    assert message in page.content.decode()
    answer = client.post(
        "/api/v1/petitions", _api_payload(category, facts=facts), content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["facts"] == [message]
    assert Petition.objects.count() == 0


def test_a_step_page_and_the_api_refuse_an_over_long_text_with_the_same_message(client, handler, accepted):
    client.force_login(handler)
    text = "查" * 5001
    page = client.post(
        reverse("petitions:conclude", args=[accepted.pk]),
        {
            "version": accepted.version,
            "outcome": "upheld",
            "decision_text": text,
            "legal_basis": "《劳动法》第五十条",
            "replied_on": timezone.localdate().isoformat(),
            "delivery": "post",
        },
    )
    assert page.status_code == 302
    answer = client.post(
        f"/api/v1/petitions/{accepted.pk}/conclusion",
        {
            "version": accepted.version,
            "outcome": "upheld",
            "decision_text": text,
            "legal_basis": "《劳动法》第五十条",
            "replied_on": timezone.localdate().isoformat(),
            "delivery": "post",
        },
        content_type="application/json",
    )
    assert answer.status_code == 422
    [message] = answer.json()["errors"]["decision_text"]
    assert message == "处理意见书正文不能超过5000个字"
    assert message in _flash(page)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED and accepted.decision_text == ""


@pytest.fixture
def mediating(handler, employer):
    return mediation_actions.register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            accepted_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的工资。",
            workers=[WorkerIn(name="王五")],
            employer_id=employer.pk,
        ),
    )


def test_a_mediation_step_refuses_a_control_character_on_the_page_and_in_the_api_alike(
    client, handler, mediating
):
    client.force_login(handler)
    values = {
        "held_on": timezone.localdate().isoformat(),
        "place": "调解室",
        "attendees": "双方",
        "minutes": "双方\x01同意",
    }
    page = client.post(reverse("mediations:session", args=[mediating.pk]), values)
    assert page.status_code == 302
    answer = client.post(
        f"/api/v1/mediations/{mediating.pk}/sessions", values, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["minutes"] == ["调解笔录含有不允许的字符"]
    assert "调解笔录含有不允许的字符" in _flash(page)
    assert MediationSession.objects.count() == 0 and Mediation.objects.get().version == mediating.version


def test_the_consultation_entry_and_the_api_refuse_a_control_character_alike(client, registrar):
    client.force_login(registrar)
    page = client.post(reverse("consultations:list"), entry(question="工资\x01怎么算"))
    assert page.status_code == 200
    assert page.context["entry"].errors["question"] == ["咨询问题含有不允许的字符"]
    answer = client.post(
        "/api/v1/consultations",
        {
            "asked_at": timezone.now().isoformat(),
            "channel": "hotline",
            "topic": "wages",
            "question": "工资\x01怎么算",
            "answer": "按月足额支付。",
        },
        content_type="application/json",
    )
    assert answer.json()["errors"]["question"] == ["咨询问题含有不允许的字符"]
    assert Consultation.objects.count() == 0


def test_a_field_is_named_by_the_title_its_own_model_gives_it(client, handler, accepted):
    """Several inputs have a ``reason`` (决定说明, 延期理由, 重新办理理由 …): each refusal names its own."""
    client.force_login(handler)
    answer = client.post(
        f"/api/v1/petitions/{accepted.pk}/extensions",
        {"days": 10, "reason": "理" * 501},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["reason"] == ["延期理由不能超过500个字"]
    assert not accepted.extensions.exists()


def test_a_choice_outside_the_columns_choices_is_refused_by_the_model(client, handler, accepted):
    client.force_login(handler)
    answer = client.post(
        f"/api/v1/petitions/{accepted.pk}/rating",
        {
            "version": accepted.version,
            "rating": "great",
            "method": "phone",
            "rated_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert answer.json()["errors"]["rating"] == ["满意度评价不是有效的选项"]
