"""The 调查核实函 of a confidential case goes to the unit it may accuse (信访工作条例 第三十条第三款): it carries the
handler's neutral summary, never the petitioner's name, numbers or own words."""

import io
import re
import zipfile

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import Role, User
from xinfang.lib.idnumber import make_id_number
from xinfang.people.models import Person
from xinfang.petitions.actions import decide_intake, generate_document
from xinfang.petitions.inputs import DocumentIn, IntakeDecisionIn, PetitionerIn
from xinfang.petitions.models import Kind

from .steps import fresh

REQUEST = "李四反映车间主任王某长期安排夜班并克扣加班费，要求单位补发加班工资并停止打击报复。"
FACTS = "二〇二六年三月起每周加班四十小时，工资条上没有加班费，李四投诉后被调离岗位。"
REASONS = "劳动法第四十四条规定延长工作时间应支付加班工资。"
SUMMARY = "请你单位核查生产车间2026年3月以来的加班安排、加班工资支付和岗位调整情况。"


@pytest.fixture
def id_number():
    return make_id_number("440303", timezone.localdate().replace(year=1980), 7)


@pytest.fixture
def confidential(registrar, handler, make_petition, employer, id_number):
    petition = make_petition(
        registrar,
        kind=Kind.ACCUSATION,
        is_confidential=True,
        employer_id=employer.pk,
        petitioners=[PetitionerIn(name="李四", id_number=id_number, phone="13912345678")],
        request=REQUEST,
        facts=FACTS,
        reasons=REASONS,
    )
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    # The person register may know the petitioner under another spelling than the one typed on the petition.
    Person.objects.filter(id_number=id_number).update(name="李思")
    assert petition.is_confidential
    return fresh(petition)


def docx_text(document) -> str:
    with document.file.open("rb") as f:
        content = f.read()
    d = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in d.paragraphs)


def all_xml(document) -> str:
    """Every XML part of the .docx (body, headers, footers, properties), tags removed."""
    with document.file.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


def assert_nothing_of_the_petitioner(text: str, id_number: str) -> None:
    for secret in ("李四", "李思", id_number, id_number[-4:], "13912345678", "5678"):
        assert secret not in text, secret
    for own in (REQUEST, FACTS, REASONS):
        for i in range(0, len(own) - 8, 4):
            assert own[i : i + 8] not in text, own[i : i + 8]


def test_confidential_inquiry_letter_carries_the_summary_and_nothing_of_the_petitioner(
    confidential, handler, id_number
):
    document = generate_document(
        petition=confidential, by=handler, data=DocumentIn(kind="inquiry_letter", summary=SUMMARY)
    )
    text = docx_text(document)
    assert "鸿寅电子有限公司：" in text and SUMMARY in text and "有关人员" in text
    assert_nothing_of_the_petitioner(all_xml(document), id_number)


def test_a_confidential_inquiry_letter_without_a_summary_is_refused(confidential, handler):
    for summary in ("", "   \u200b "):
        with pytest.raises(ValidationError) as e:
            generate_document(
                petition=confidential, by=handler, data=DocumentIn(kind="inquiry_letter", summary=summary)
            )
        assert e.value.message_dict["summary"][0].startswith(
            "核实事项摘要：保密信访件的调查核实函须由承办人填写"
        )
    assert confidential.documents.count() == 0


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ("请核查李四反映的加班问题。", "不得含有信访人的姓名（“李四”）"),  # as typed on the petition
        ("请核查李思反映的加班问题。", "不得含有信访人的姓名（“李思”）"),  # as in the person register
        ("请核查李 四反映的加班问题。", "不得含有信访人的姓名"),
        ("请核查身份证号ID的职工的加班问题。", "不得含有身份证号码"),
        ("请核查身份证号110101199003071234的职工。", "不得含有身份证号码"),  # any ID pattern
        ("如有疑问请致电13912345678。", "不得含有电话号码或手机号码"),
        ("如有疑问请致电139-1234-5678。", "不得含有电话号码或手机号码"),
        ("如有疑问请致电１３９１２３４５６７８。", "不得含有电话号码或手机号码"),
        ("如有疑问请致电13700001111。", "不得含有电话号码或手机号码"),  # any mobile number
        ("请核查：" + REQUEST[2:30], "不得照抄信访人的请求、事实或理由"),
        ("核" * 2001, "不能超过2000个字"),
        ("请核查\x00加班情况。", "含有不允许的控制字符"),
    ],
)
def test_a_summary_with_a_name_a_number_or_the_petitioners_words_is_refused(
    summary, problem, confidential, handler, id_number
):
    summary = summary.replace("ID", id_number)
    with pytest.raises(ValidationError) as e:
        generate_document(
            petition=confidential,
            by=handler,
            data=DocumentIn.model_construct(
                kind="inquiry_letter", summary=summary
            ),  # the action's own checks
        )
    messages = e.value.message_dict["summary"]
    assert any(problem in m for m in messages), messages
    assert all(m.startswith("核实事项摘要") for m in messages)
    assert confidential.documents.count() == 0


def test_the_refusal_names_no_one_to_a_user_who_may_not_see_the_identity(confidential, federation):
    clerk = User.objects.create_user(
        username="clerk2", password="x-Password-2026", name="clerk2", role=Role.REGISTRAR, org=federation
    )
    assert not confidential.identity_visible_to(clerk)
    with pytest.raises(ValidationError) as e:
        generate_document(
            petition=confidential,
            by=clerk,
            data=DocumentIn(kind="inquiry_letter", summary="请核查李四的情况。"),
        )
    assert e.value.message_dict["summary"] == ["核实事项摘要：不得含有信访人的姓名。"]


def test_an_ordinary_inquiry_letter_keeps_quoting_the_request_and_naming_the_worker(
    registrar, handler, make_petition, employer
):
    petition = make_petition(registrar, employer_id=employer.pk, request="要求补发三个月工资。")
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    assert not petition.is_confidential
    text = docx_text(
        generate_document(
            petition=petition, by=handler, data=DocumentIn(kind="inquiry_letter", summary="忽略")
        )
    )
    assert "职工张三" in text and "要求补发三个月工资。" in text and "忽略" not in text


def test_other_documents_of_a_confidential_case_need_no_summary(confidential, handler):
    text = docx_text(
        generate_document(petition=confidential, by=handler, data=DocumentIn(kind="accept_notice"))
    )
    assert "信访事项受理告知书" in text


def test_through_the_page(client, confidential, handler, id_number):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[confidential.pk]))
    assert page.context["document_summary"] is not None
    assert 'name="summary"' in page.content.decode()
    url = reverse("petitions:document_generate", args=[confidential.pk])

    response = client.post(url, {"kind": "inquiry_letter", "summary": ""})
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("核实事项摘要：保密信访件的调查核实函须由承办人填写" in m for m in shown), shown
    response = client.post(url, {"kind": "inquiry_letter", "summary": "请核查李四反映的问题。"})
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("不得含有信访人的姓名" in m for m in shown), shown
    assert confidential.documents.count() == 0

    client.post(url, {"kind": "inquiry_letter", "summary": SUMMARY})
    document = confidential.documents.get()
    assert SUMMARY in docx_text(document)
    assert_nothing_of_the_petitioner(all_xml(document), id_number)


def test_the_page_offers_no_summary_for_an_ordinary_case(client, accepted, handler):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk]))
    assert page.context["document_summary"] is None and 'name="summary"' not in page.content.decode()


def test_through_the_api(client, confidential, handler, id_number):
    client.force_login(handler)
    url = f"/api/v1/petitions/{confidential.pk}/documents"

    missing = client.post(url, {"kind": "inquiry_letter"}, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["errors"]["summary"][0].startswith("核实事项摘要：保密信访件的调查核实函须")
    named = client.post(
        url,
        {"kind": "inquiry_letter", "summary": f"请核查{id_number}的情况"},
        content_type="application/json",
    )
    assert named.status_code == 422 and "不得含有身份证号码" in " ".join(named.json()["errors"]["summary"])
    assert confidential.documents.count() == 0

    created = client.post(
        url, {"kind": "inquiry_letter", "summary": SUMMARY}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    document = confidential.documents.get(pk=created.json()["id"])
    assert SUMMARY in docx_text(document)
    assert_nothing_of_the_petitioner(all_xml(document), id_number)
