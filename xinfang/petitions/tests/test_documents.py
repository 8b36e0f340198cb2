"""Notices and letters: generated from the templates, stored with the petition, opened with python-docx."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinfang.documents.layout import build
from xinfang.documents.models import DocumentTemplate
from xinfang.documents.registry import templates
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.idnumber import make_id_number
from xinfang.petitions.actions import (
    decide_extension,
    decide_intake,
    decide_review,
    generate_document,
    request_extension,
    request_review,
)
from xinfang.petitions.inputs import (
    DocumentIn,
    ExtensionDecisionIn,
    ExtensionIn,
    IntakeDecisionIn,
    PetitionerIn,
    ReviewDecisionIn,
    ReviewRequestIn,
)
from xinfang.petitions.models import EventKind, IntakeDecision, Kind, RejectReason, ReviewResult

from .steps import conclude, fresh


def text_of(document) -> str:
    with document.file.open("rb") as f:
        d = docx.Document(io.BytesIO(f.read()))
    return "\n".join(p.text for p in d.paragraphs)


def test_accept_notice_names_the_petitioner_number_and_limits(accepted, handler):
    document = generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    text = text_of(document)
    assert "信访事项受理告知书" in text and accepted.number in text and "张三：" in text
    assert "60日内办结" in text and "不超过30日" in text
    assert f"{timezone.localdate().year}年" in text and "测试区总工会" in text
    assert "{{" not in text and "{%" not in text
    assert accepted.documents.count() == 1
    assert accepted.events.filter(kind=EventKind.DOCUMENT_GENERATED, summary="生成《受理告知书》").exists()


def test_reject_notice_gives_the_reason_and_the_article(registrar, handler, make_petition):
    petition = make_petition(registrar)
    petition = decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(
            decision=IntakeDecision.REJECT,
            version=1,
            reason_code=RejectReason.ALREADY_HANDLED,
            reason="该事项已由区人社局受理。",
        ),
    )
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="reject_notice")))
    assert "不予受理" in text and "第十九条第三款" in text and "已由区人社局受理" in text


def test_transfer_notice_names_the_receiving_body(registrar, handler, make_petition, upper):
    petition = make_petition(registrar)
    petition = decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(
            decision=IntakeDecision.TRANSFER_OUT,
            version=1,
            reason="属劳动监察职责",
            transferred_to_id=upper.pk,
        ),
    )
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="transfer_notice")))
    assert "转送市总工会" in text


def test_extension_notice_gives_reason_days_and_new_date(accepted, handler, approver):
    extension = request_extension(
        petition=fresh(accepted), by=handler, data=ExtensionIn(days=20, reason="需要多部门联合调查")
    )
    decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=True))
    text = text_of(
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="extension_notice"))
    )
    clock = accepted.clocks.get(kind="handling")
    assert "需要多部门联合调查" in text and "延长20日" in text
    assert f"{clock.due_on.year}年{clock.due_on.month}月{clock.due_on.day}日" in text


def test_decision_letter_has_request_facts_decision_basis_and_review_route(accepted, handler, upper):
    petition = conclude(accepted, handler)
    document = generate_document(petition=petition, by=handler, data=DocumentIn(kind="decision_letter"))
    text = text_of(document)
    for part in (
        "一、信访请求",
        "要求支付拖欠工资",
        "二、查明的事实和理由",
        "经查，单位确有拖欠。",
        "已督促单位支付。",
        "三、处理意见",
        "予以支持",
        "36,570.00元",
        "四、法律政策依据",
        "《劳动法》第五十条",
        "30日内",
        "市总工会",
        "提出复查请求",
    ):
        assert part in text, part
    # Each paragraph of the decision text is its own paragraph of the letter.
    d = docx.Document(document.file.path)
    assert [p.text for p in d.paragraphs].count("已督促单位支付。") == 1


def test_review_and_re_review_opinions(committee_registrar, committee, federation, approver, make_petition):
    from xinfang.accounts.models import Role, User
    from xinfang.orgs.models import Org, OrgKind

    Org.objects.create(name="市总工会", kind=OrgKind.UPPER)
    ch = User.objects.create_user(username="ch", password="x-Testing-2026", role=Role.HANDLER, org=committee)
    petition = decide_intake(
        petition=make_petition(committee_registrar),
        by=ch,
        data=IntakeDecisionIn(decision="accept", version=1),
    )
    petition = conclude(petition, ch)
    today = timezone.localdate()
    for level_body in (federation, Org.objects.get(name="市总工会")):
        petition = fresh(petition)
        request_review(
            petition=petition,
            by=approver,
            data=ReviewRequestIn(
                version=petition.version,
                body_id=level_body.pk,
                requested_on=today,
                received_on=today,
                request_text="请求撤销原处理意见",
            ),
        )
        petition = fresh(petition)
        decide_review(
            petition=petition,
            by=approver,
            data=ReviewDecisionIn(
                version=petition.version,
                result=ReviewResult.UPHELD,
                decision_text="原处理意见事实清楚，依据正确。",
                decided_on=today,
            ),
        )
    petition = fresh(petition)
    text = text_of(generate_document(petition=petition, by=approver, data=DocumentIn(kind="review_opinion")))
    assert (
        "复查意见书" in text and "东湖街道工委会" in text and "维持原处理意见" in text and "市总工会" in text
    )
    # The re-review was sent up: the federation does not write the upper body's opinion.
    with pytest.raises(NotAllowed):
        generate_document(petition=petition, by=approver, data=DocumentIn(kind="re_review_opinion"))


def test_confidential_letter_to_the_employer_carries_no_identity(registrar, handler, make_petition, employer):
    id_number = make_id_number("440303", timezone.localdate().replace(year=1980), 7)
    petition = make_petition(
        registrar,
        kind=Kind.ACCUSATION,
        employer_id=employer.pk,
        petitioners=[PetitionerIn(name="李四", id_number=id_number, phone="13912345678")],
        request=f"李四（身份证{id_number}，电话13912345678）举报单位违法延长工时。",
    )
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    summary = "请核查你单位近期的工作时间安排情况。"
    text = text_of(
        generate_document(
            petition=petition, by=handler, data=DocumentIn(kind="inquiry_letter", summary=summary)
        )
    )
    assert "鸿寅电子有限公司：" in text and summary in text and "违法延长工时" not in text
    assert "李四" not in text and id_number not in text and "13912345678" not in text
    assert "有关人员" in text


def test_open_letter_to_the_employer_names_the_worker_but_masks_numbers(
    registrar, handler, make_petition, employer, valid_id
):
    petition = make_petition(registrar, employer_id=employer.pk, request=f"张三（{valid_id}）要求支付工资。")
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="inquiry_letter")))
    assert "职工张三" in text and valid_id not in text and valid_id[-4:] in text


def test_a_document_before_its_step_is_refused(registrar, handler, make_petition):
    with pytest.raises(NotAllowed) as e:
        generate_document(
            petition=make_petition(registrar), by=handler, data=DocumentIn(kind="decision_letter")
        )
    assert "当前不能生成《信访处理意见书》" in e.value.message


def test_leader_and_outsider_cannot_generate(accepted, leader, outsider):
    for user in (leader, outsider):
        with pytest.raises(NotAllowed):
            generate_document(petition=fresh(accepted), by=user, data=DocumentIn(kind="accept_notice"))


def test_layout_is_gb_t_9704(accepted, handler):
    document = generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    d = docx.Document(document.file.path)
    section = d.sections[0]
    # The layout sets every size (python-docx reads an unset one as None).
    assert section.top_margin and section.bottom_margin and section.left_margin and section.right_margin
    assert section.page_width and section.page_height
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225
    title = d.paragraphs[0]
    run = title.runs[0]
    assert run.font.size is not None and run._element.rPr is not None and run._element.rPr.rFonts is not None
    assert run.font.size.pt == 22
    assert (
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )
    body = next(p for p in d.paragraphs if p.text.startswith("你（们）"))
    size = body.runs[0].font.size
    assert size is not None
    assert size.pt == 16
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_administrator_replacement_template_is_used(accepted, handler, administrator):
    from xinfang.documents.layout import Block

    content = build([Block("title", "本地受理通知"), Block("para", "{{ petitioner }}，编号{{ number }}")])
    DocumentTemplate.objects.create(
        kind="accept_notice", file=SimpleUploadedFile("a.docx", content), uploaded_by=administrator
    )
    text = text_of(
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    )
    assert text.startswith("本地受理通知") and "张三，编号" in text


def test_every_default_template_is_in_the_repository():
    from xinfang.documents.render import DEFAULTS_DIR

    for key in templates():
        assert (DEFAULTS_DIR / f"{key}.docx").exists(), key


def test_generate_and_download_pages(client, accepted, handler, outsider):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk]))
    assert ("accept_notice", "受理告知书") in page.context["document_kinds"]
    client.post(reverse("petitions:document_generate", args=[accepted.pk]), {"kind": "accept_notice"})
    document = accepted.documents.get()
    url = reverse("petitions:document", args=[accepted.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_re_review_opinion_when_the_federation_re_reviews(
    federation, committee, grassroots, approver, make_petition
):
    """A grassroots union decides, its committee reviews, the federation re-reviews and writes the 复核意见书."""
    from xinfang.accounts.models import Role, User

    unit = User.objects.create_user(
        username="g", password="x-Testing-2026", role=Role.APPROVER, org=grassroots
    )
    boss = User.objects.create_user(
        username="c", password="x-Testing-2026", role=Role.APPROVER, org=committee
    )
    reg = User.objects.create_user(
        username="r", password="x-Testing-2026", role=Role.REGISTRAR, org=grassroots
    )
    petition = decide_intake(
        petition=make_petition(reg), by=unit, data=IntakeDecisionIn(decision="accept", version=1)
    )
    petition = conclude(petition, unit)
    today = timezone.localdate()
    for body, by in ((committee, boss), (federation, approver)):
        petition = fresh(petition)
        request_review(
            petition=petition,
            by=by,
            data=ReviewRequestIn(
                version=petition.version,
                body_id=body.pk,
                requested_on=today,
                received_on=today,
                request_text="请求撤销原处理意见",
            ),
        )
        petition = fresh(petition)
        decide_review(
            petition=petition,
            by=by,
            data=ReviewDecisionIn(
                version=petition.version,
                result=ReviewResult.CHANGED,
                decision_text=f"{body}认为应予部分支持。",
                decided_on=today,
            ),
        )
    text = text_of(
        generate_document(petition=fresh(petition), by=approver, data=DocumentIn(kind="re_review_opinion"))
    )
    assert "复核意见书" in text and "不服东湖街道工委会" in text and "变更原处理意见" in text
    assert "第三十六条" in text and "测试区总工会" in text
