"""Registration: the happy path, every kind of bad input, collective visits, confidentiality, numbering."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.creditcode import make_credit_code
from xinfang.lib.exceptions import NotAllowed
from xinfang.orgs.models import Employer
from xinfang.people.models import Person
from xinfang.petitions.actions import register_petition
from xinfang.petitions.inputs import EmployerNew, PetitionerIn, PetitionIn
from xinfang.petitions.models import Channel, EventKind, Kind, Petition, PetitionerRole, Source


def form_data(category, **overrides):
    data = {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "direct",
        "people_count": "1",
        "kind": "claim",
        "category": str(category.pk),
        "employer_name": "",
        "request": "要求支付拖欠工资。",
        "facts": "单位拖欠三个月工资。",
        "reasons": "依法应支付。",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "张三",
        "p-0-role": "main",
        "p-0-id_number": "",
        "p-0-phone": "13812345678",
    }
    data.update(overrides)
    return data


def test_registration_page_saves_petition_person_employer_and_event(client, registrar, category, valid_id):
    client.force_login(registrar)
    code = make_credit_code("91440303MA5DC9876")
    response = client.post(
        reverse("petitions:create"),
        form_data(
            category,
            **{
                "p-0-id_number": valid_id,
                "employer_name": "新华电子厂",
                "employer_credit_code": code,
                "amount": "12345.67",
            },
        ),
    )
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == reverse("petitions:detail", args=[petition.pk])
    assert petition.number == f"测工信〔{timezone.localdate().year}〕0001"
    assert petition.amount == Decimal("12345.67")
    assert petition.employer is not None
    assert petition.employer.credit_code == code
    assert petition.petitioner_names == "张三"
    assert Person.objects.get().id_number == valid_id
    assert [e.kind for e in petition.events.all()] == [EventKind.REGISTERED, EventKind.CLOCK_STARTED]
    assert petition.events.get(kind=EventKind.REGISTERED).by == registrar


def test_wrong_id_check_digit_is_shown_on_the_field_and_nothing_saved(client, registrar, category, valid_id):
    client.force_login(registrar)
    wrong = valid_id[:17] + ("0" if valid_id[17] != "0" else "1")
    response = client.post(reverse("petitions:create"), form_data(category, **{"p-0-id_number": wrong}))
    assert response.status_code == 200
    assert "身份证号校验位错误" in response.content.decode()
    assert Petition.objects.count() == 0 and Person.objects.count() == 0


def test_wrong_credit_code_is_refused_and_nothing_saved(client, registrar, category):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"),
        form_data(category, employer_name="某公司", employer_credit_code="91440303MA5DC98760"),
    )
    assert "统一社会信用代码" in response.content.decode()
    assert Petition.objects.count() == 0 and Employer.objects.count() == 0


@pytest.mark.parametrize("field,label", [("request", "信访请求"), ("facts", "事实"), ("reasons", "理由")])
def test_missing_required_text_is_named_in_the_message(registrar, petition_input, field, label):
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(**{field: "  "}))
    assert e.value.message_dict[field] == [f"请填写{label}。"]
    assert Petition.objects.count() == 0


def test_bad_id_number_in_the_action_names_the_petitioner(registrar, petition_input):
    people = [
        PetitionerIn(name="张三"),
        PetitionerIn(name="李四", role=PetitionerRole.CO, id_number="110105194912310021"),
    ]
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(petitioners=people, people_count=2))
    assert e.value.message_dict["petitioners"] == ["第2位信访人：身份证号校验位错误，请核对后重新输入。"]
    assert Person.objects.count() == 0


def test_collective_visit_needs_a_representative(registrar, petition_input):
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(people_count=12))
    assert "集体访（12人）须推选1～5名代表" in e.value.message_dict["petitioners"][0]


def test_collective_visit_with_six_representatives_is_refused(registrar, petition_input):
    reps = [PetitionerIn(name=f"代表{i}", role=PetitionerRole.REPRESENTATIVE) for i in range(6)]
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(people_count=30, petitioners=reps))
    assert "代表不得超过5人（现有6人）。" in e.value.message_dict["petitioners"]
    assert Petition.objects.count() == 0 and Person.objects.count() == 0


def test_collective_visit_with_five_representatives_counts_as_collective(registrar, petition_input):
    reps = [PetitionerIn(name=f"代表{i}", role=PetitionerRole.REPRESENTATIVE) for i in range(5)]
    petition = register_petition(by=registrar, data=petition_input(people_count=30, petitioners=reps))
    assert petition.is_collective and petition.people_count == 30
    assert petition.petitioners.filter(role=PetitionerRole.REPRESENTATIVE).count() == 5


def test_collective_threshold_is_a_policy(registrar, petition_input):
    from xinfang.policies.models import Policy

    Policy.objects.filter(key="collective_visit_threshold").update(value=10)
    people = [PetitionerIn(name="甲"), PetitionerIn(name="乙", role=PetitionerRole.CO)]
    petition = register_petition(by=registrar, data=petition_input(people_count=8, petitioners=people))
    assert not petition.is_collective


def test_a_phone_call_of_many_people_is_not_a_collective_visit(registrar, petition_input):
    petition = register_petition(by=registrar, data=petition_input(channel=Channel.PHONE, people_count=9))
    assert not petition.is_collective


def test_fewer_people_than_listed_petitioners_is_refused(registrar, petition_input):
    people = [PetitionerIn(name="甲"), PetitionerIn(name="乙", role=PetitionerRole.CO)]
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(petitioners=people, people_count=1))
    assert "人数（1）少于登记的信访人数（2）。" in e.value.message_dict["people_count"]


def test_received_in_the_future_is_refused(registrar, petition_input):
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(received_at=timezone.now() + timedelta(days=1)))
    assert e.value.message_dict["received_at"] == ["收到时间不能晚于当前时间。"]


def test_negative_amount_is_refused(registrar, petition_input):
    with pytest.raises(ValidationError) as e:
        # The input model refuses it first; the action refuses it too.
        data = PetitionIn.model_construct(**(dict(petition_input()) | {"amount": Decimal("-1")}))
        register_petition(by=registrar, data=data)
    assert e.value.message_dict["amount"] == ["涉及金额不能为负数。"]


def test_first_level_category_is_refused(registrar, petition_input, category):
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(category_id=category.parent_id))
    assert e.value.message_dict["category"] == ["诉求类别请选择到第二级。"]


def test_assigned_down_needs_body_and_reference(registrar, petition_input):
    with pytest.raises(ValidationError) as e:
        register_petition(by=registrar, data=petition_input(source=Source.ASSIGNED_DOWN))
    assert set(e.value.message_dict) == {"source_org", "source_ref"}


def test_assigned_down_records_the_upper_body_and_its_number(registrar, petition_input, upper):
    petition = register_petition(
        by=registrar,
        data=petition_input(
            source=Source.ASSIGNED_DOWN, source_org_id=upper.pk, source_ref="深工信交〔2026〕12号"
        ),
    )
    assert petition.source_org == upper and petition.source_ref == "深工信交〔2026〕12号"


def test_existing_id_number_reuses_the_person(registrar, petition_input, valid_id):
    first = register_petition(by=registrar, data=petition_input())
    second = register_petition(
        by=registrar,
        data=petition_input(
            petitioners=[PetitionerIn(name="张三", id_number=valid_id.lower(), address="罗湖区人民南路1号")]
        ),
    )
    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert first.petitioners.get().person == second.petitioners.get().person == person
    assert person.address == "罗湖区人民南路1号"  # blank field filled
    assert person.phone == "13812345678"  # kept


def test_existing_credit_code_reuses_the_employer(registrar, petition_input, employer):
    petition = register_petition(
        by=registrar,
        data=petition_input(
            new_employer=EmployerNew(name="鸿寅电子", credit_code=employer.credit_code.lower())
        ),
    )
    assert petition.employer == employer and Employer.objects.count() == 1


def test_accusations_are_confidential_by_default(registrar, petition_input):
    accusation = register_petition(by=registrar, data=petition_input(kind=Kind.ACCUSATION))
    claim = register_petition(by=registrar, data=petition_input(kind=Kind.CLAIM))
    opened = register_petition(by=registrar, data=petition_input(kind=Kind.ACCUSATION, is_confidential=False))
    assert accusation.is_confidential and not claim.is_confidential and not opened.is_confidential


def test_leader_cannot_register(leader, petition_input):
    with pytest.raises(NotAllowed):
        register_petition(by=leader, data=petition_input())


def test_leader_is_turned_away_from_the_registration_page(client, leader, category):
    client.force_login(leader)
    response = client.post(reverse("petitions:create"), form_data(category))
    assert response.status_code == 302 and Petition.objects.count() == 0


def test_registration_for_an_org_outside_scope_is_refused(
    committee_registrar, other_committee, petition_input
):
    with pytest.raises(ValidationError) as e:
        register_petition(by=committee_registrar, data=petition_input(org_id=other_committee.pk))
    assert e.value.message_dict["org"] == ["所选责任组织不在您的管辖范围内。"]


def test_numbers_are_sequential_per_year(registrar, make_petition):
    numbers = [make_petition(registrar).seq for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_two_registrars_saving_at_once_get_distinct_gap_free_numbers(
    committed_db, federation, category, valid_id
):
    from xinfang.accounts.models import Role, User

    users = [
        User.objects.create_user(username=f"r{i}", password="x", role=Role.REGISTRAR, org=federation)
        for i in range(4)
    ]
    errors: list[Exception] = []
    start = threading.Barrier(len(users))

    def register(user):
        try:
            start.wait()
            for _ in range(3):
                register_petition(
                    by=user,
                    data=PetitionIn(
                        channel=Channel.PHONE,
                        received_at=timezone.now(),
                        kind=Kind.CLAIM,
                        category_id=category.pk,
                        request="请求",
                        facts="事实",
                        reasons="理由",
                        petitioners=[PetitionerIn(name=user.username, phone="13812345678")],
                    ),
                )
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Petition.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 13))


def test_save_and_continue_keeps_the_channel_for_the_next_one(client, registrar, category):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"), form_data(category, channel="hotline", save_and_new="1")
    )
    assert response.status_code == 302 and "channel=hotline" in response.url
    page = client.get(response.url).content.decode()
    assert '<option value="hotline" selected>' in page
