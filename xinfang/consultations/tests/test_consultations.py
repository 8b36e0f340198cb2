"""Legal consultations: fast entry, bad input, turning one into a petition or a mediation case, scope."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.consultations.actions import record_consultation
from xinfang.consultations.inputs import ConsultationIn
from xinfang.consultations.models import Consultation
from xinfang.lib.exceptions import NotAllowed
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.mediations.models import Mediation
from xinfang.petitions.inputs import AssignIn, IntakeDecisionIn, UnitIn
from xinfang.petitions.models import Petition


def entry(**overrides):
    data = {
        "asked_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "hotline",
        "topic": "wages",
        "people_count": 1,
        "person_name": "",
        "id_number": "",
        "question": "公司拖欠两个月工资怎么办？",
        "answer": "可向工会或劳动监察投诉，也可申请劳动争议调解或仲裁。",
    }
    data.update(overrides)
    return data


def test_thirty_in_a_row_keep_channel_and_topic(client, registrar):
    client.force_login(registrar)
    url = reverse("consultations:list")
    for i in range(30):
        response = client.post(
            url + "?entry_channel=hotline&entry_topic=wages", entry(question=f"第{i}个问题")
        )
        assert response.status_code == 302
        assert response["Location"] == url + "?entry_channel=hotline&entry_topic=wages"
    assert Consultation.objects.count() == 30
    form = client.get(url + "?entry_channel=hotline&entry_topic=social_insurance").context["entry"]
    assert form.initial == {"channel": "hotline", "topic": "social_insurance"}
    assert form.fields["question"].widget.attrs.get("autofocus")


def test_bad_input_names_the_field_and_saves_nothing(client, registrar):
    client.force_login(registrar)
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("consultations:list"), entry(question="", asked_at=later, id_number="440303198501011234")
    )
    form = page.context["entry"]
    assert "question" in form.errors and "id_number" in form.errors
    assert not Consultation.objects.exists()
    with pytest.raises(ValidationError) as e:
        record_consultation(
            by=registrar,
            data=ConsultationIn(
                asked_at=timezone.now() + timedelta(hours=2),
                channel="phone",
                topic="wages",
                question="x",
                answer="y",
            ),
        )
    assert e.value.message_dict == {"asked_at": ["咨询时间不能晚于当前时间。"]}


def test_leader_cannot_record(leader):
    with pytest.raises(NotAllowed):
        record_consultation(
            by=leader,
            data=ConsultationIn(
                asked_at=timezone.now(), channel="phone", topic="wages", question="x", answer="y"
            ),
        )


@pytest.fixture
def consultation(registrar, valid_id):
    return record_consultation(
        by=registrar,
        data=ConsultationIn(
            asked_at=timezone.now() - timedelta(minutes=5),
            channel="visit",
            topic="wages",
            question="单位拖欠工资三个月，要求支付。",
            answer="建议登记信访，由工会协调。",
            person_name="孙七",
            id_number=valid_id,
        ),
    )


def test_one_click_to_a_petition_prefills_and_links(client, registrar, consultation, category, valid_id):
    client.force_login(registrar)
    url = reverse("consultations:to_petition", args=[consultation.pk])
    form_page = client.get(url)
    form = form_page.context["form"]
    assert form.initial["request"] == consultation.question and form.initial["channel"] == "visit"
    assert form_page.context["formset"].initial == [{"name": "孙七", "id_number": valid_id}]
    data = {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "direct",
        "people_count": 1,
        "kind": "claim",
        "category": category.pk,
        "request": consultation.question,
        "facts": "单位拖欠工资",
        "reasons": "依法应按时支付",
        "p-TOTAL_FORMS": 1,
        "p-INITIAL_FORMS": 0,
        "p-0-name": "孙七",
        "p-0-role": "main",
        "p-0-id_number": valid_id,
    }
    assert client.post(url, data).status_code == 302
    petition = Petition.objects.get()
    consultation.refresh_from_db()
    assert consultation.petition == petition and petition.consultation == consultation
    # A second conversion is refused and leaves no second petition behind.
    page = client.post(url, data)
    assert "已转为信访件或调解案件" in page.content.decode()
    assert Petition.objects.count() == 1


def test_one_click_to_a_mediation_case(client, handler, consultation, employer):
    client.force_login(handler)
    url = reverse("consultations:to_mediation", args=[consultation.pk])
    page = client.get(url)
    assert page.context["form"].initial["claims"] == consultation.question
    data = {
        "received_on": timezone.localdate().isoformat(),
        "application_form": "oral",
        "body": "federation",
        "dispute_type": "pay",
        "employer": employer.pk,
        "people_count": 1,
        "claims": consultation.question,
        "p-TOTAL_FORMS": 1,
        "p-INITIAL_FORMS": 0,
        "p-0-name": "孙七",
    }
    assert client.post(url, data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.mediation == Mediation.objects.get()


def test_scope_list_api_and_export(client, consultation, outsider, handler):
    client.force_login(outsider)
    assert client.get(reverse("consultations:list")).context["page"].items == []
    assert client.get("/api/v1/consultations").json()["items"] == []
    with pytest.raises(NotAllowed):
        from xinfang.consultations.actions import link_consultation

        link_consultation(consultation_id=consultation.pk, by=outsider)
    client.force_login(handler)
    items = client.get("/api/v1/consultations").json()["items"]
    assert [i["id"] for i in items] == [consultation.pk]
    rows = list(
        load_workbook(io.BytesIO(client.get(reverse("consultations:export")).content)).active.iter_rows(
            values_only=True
        )
    )
    assert rows[2][3] == "孙七" and rows[2][5] == consultation.question


def test_totals_count_cases_and_person_times(client, registrar):
    client.force_login(registrar)
    client.post(reverse("consultations:list"), entry(people_count=3))
    client.post(reverse("consultations:list"), entry())
    assert client.get(reverse("consultations:list")).context["totals"] == {"cases": 2, "people": 4}


def test_outsider_gets_404_on_a_consultation_and_on_turning_it_into_a_record(client, outsider, consultation):
    client.force_login(outsider)
    for name in ("consultations:detail", "consultations:to_petition", "consultations:to_mediation"):
        url = reverse(name, args=[consultation.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert not Petition.objects.exists() and not Mediation.objects.exists()


def test_a_leader_reads_a_consultation_but_may_not_turn_it_into_a_record(client, leader, consultation):
    client.force_login(leader)
    page = client.get(reverse("consultations:detail", args=[consultation.pk]))
    assert page.status_code == 200 and consultation.question in page.content.decode()
    assert reverse("consultations:to_petition", args=[consultation.pk]) not in page.content.decode()
    refused = client.get(reverse("consultations:to_petition", args=[consultation.pk]), follow=True)
    assert "您的角色不能登记信访件。" in refused.content.decode()
    refused = client.get(reverse("consultations:to_mediation", args=[consultation.pk]), follow=True)
    assert "您的角色不能登记调解案件。" in refused.content.decode()


def test_the_register_offers_the_conversion_and_the_consultation_page_names_the_result(
    client, handler, consultation, employer
):
    client.force_login(handler)
    register = client.get(reverse("consultations:list")).content.decode()
    assert reverse("consultations:to_mediation", args=[consultation.pk]) in register
    data = {
        "received_on": timezone.localdate().isoformat(),
        "application_form": "oral",
        "body": "federation",
        "dispute_type": "pay",
        "employer": employer.pk,
        "people_count": 1,
        "claims": consultation.question,
        "p-TOTAL_FORMS": 1,
        "p-INITIAL_FORMS": 0,
        "p-0-name": "孙七",
    }
    page = client.post(reverse("consultations:to_mediation", args=[consultation.pk]), data, follow=True)
    mediation = Mediation.objects.get()
    assert page.redirect_chain[-1][0] == reverse("mediations:detail", args=[mediation.pk])
    assert f"已登记调解案件 {mediation.number}。" in page.content.decode()
    register = client.get(reverse("consultations:list")).content.decode()
    assert reverse("consultations:to_mediation", args=[consultation.pk]) not in register
    detail = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert (
        f'已转为调解案件 <a href="{reverse("mediations:detail", args=[mediation.pk])}">{mediation.number}</a>'
        in detail
    )


def came_from(consultation) -> tuple[str, str]:
    from xinfang.lib.cnformat import cn_date

    day = cn_date(timezone.localdate(consultation.asked_at))
    return f"由法律政策咨询转来（{day}，工资报酬）", reverse("consultations:detail", args=[consultation.pk])


def test_a_petition_made_from_a_consultation_says_so_and_the_outsider_gets_404(
    client, registrar, handler, outsider, committee, consultation, petition_input
):
    from xinfang.accounts.models import Role, User
    from xinfang.consultations.actions import convert_to_petition
    from xinfang.petitions.actions import assign_petition, decide_intake

    petition = convert_to_petition(consultation_id=consultation.pk, by=registrar, data=petition_input())
    client.force_login(registrar)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert page.context["related"] == [came_from(consultation)]
    assert f'href="{came_from(consultation)[1]}"' in page.content.decode()
    client.force_login(outsider)
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404
    assert client.get(came_from(consultation)[1]).status_code == 404
    # A unit handling the petition sees it, but not the federation's consultation: nothing is named.
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    assign_petition(
        petition=petition,
        by=handler,
        data=AssignIn(version=petition.version, units=[UnitIn(org_id=committee.pk, role="lead")]),
    )
    unit = User.objects.create_user(username="u", password="x-Testing-2026", role=Role.HANDLER, org=committee)
    client.force_login(unit)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert page.status_code == 200 and page.context["related"] == []
    assert "由法律政策咨询转来" not in page.content.decode()


def test_a_mediation_case_made_from_a_consultation_says_so_and_the_outsider_gets_404(
    client, handler, outsider, consultation, employer
):
    from xinfang.consultations.actions import convert_to_mediation

    mediation = convert_to_mediation(
        consultation_id=consultation.pk,
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="oral",
            received_on=timezone.localdate(),
            dispute_type="pay",
            claims=consultation.question,
            workers=[WorkerIn(name="孙七")],
            employer_id=employer.pk,
        ),
    )
    client.force_login(handler)
    page = client.get(reverse("mediations:detail", args=[mediation.pk]))
    assert page.context["related"] == [came_from(consultation)]
    assert f'href="{came_from(consultation)[1]}"' in page.content.decode()
    client.force_login(outsider)
    assert client.get(reverse("mediations:detail", args=[mediation.pk])).status_code == 404
    assert client.get(came_from(consultation)[1]).status_code == 404
