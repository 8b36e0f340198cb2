"""The notices of petition work read as the law asks (信访工作条例 2022, GB/T 9704): each test generates a document
and reads its text with python-docx."""

import io
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.lib.cnformat import cn_date
from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions.actions import (
    decide_extension,
    decide_intake,
    decide_review,
    generate_document,
    request_extension,
    request_review,
)
from xinfang.petitions.forms import IntakeDecisionForm
from xinfang.petitions.inputs import (
    DocumentIn,
    ExtensionDecisionIn,
    ExtensionIn,
    IntakeDecisionIn,
    ReviewDecisionIn,
    ReviewRequestIn,
)
from xinfang.petitions.models import IntakeDecision, Outcome, Petition, RejectReason, ReviewResult
from xinfang.policies.models import DEFAULTS, Policy

from .steps import conclude, fresh

BEIJING = ZoneInfo("Asia/Shanghai")


def text_of(document) -> str:
    with document.file.open("rb") as f:
        d = docx.Document(io.BytesIO(f.read()))
    return "\n".join(p.text for p in d.paragraphs)


def last_line(document) -> str:
    with document.file.open("rb") as f:
        d = docx.Document(io.BytesIO(f.read()))
    return [p.text for p in d.paragraphs if p.text.strip()][-1]


def bearer(user) -> dict:
    _, key = ApiToken.issue(user=user, name="t")
    return {"Authorization": f"Bearer {key}"}


def decided(make_petition, registrar, handler, decision, **extra) -> Petition:
    return decide_intake(
        petition=make_petition(registrar),
        by=handler,
        data=IntakeDecisionIn(decision=decision, version=1, **extra),
    )


# --- 告知另行提出 and 导入法定程序 (第二十三条): each decision has its written notice -----------------------------------


def test_refer_notice_tells_the_petitioner_where_to_go(registrar, handler, make_petition):
    petition = decided(
        make_petition,
        registrar,
        handler,
        IntakeDecision.REFER,
        reason="所反映的社会保险待遇核定问题由社保部门负责。",
        competent_body="区社会保险基金管理局",
    )
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="refer_notice")))
    assert "信访事项告知书" in text and "张三：" in text
    assert "依法应当由区社会保险基金管理局处理" in text and "社会保险待遇核定问题由社保部门负责" in text
    assert "根据《信访工作条例》第二十三条的规定，请你（们）向区社会保险基金管理局提出。" in text


def test_divert_notice_names_the_statutory_procedure(registrar, handler, make_petition):
    petition = decided(
        make_petition,
        registrar,
        handler,
        IntakeDecision.DIVERT,
        reason="该事项属于劳动争议。",
        competent_body="区劳动人事争议仲裁委员会",
    )
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="divert_notice")))
    assert "信访事项导入法定程序告知书" in text and "该事项属于劳动争议" in text
    assert "第二十三条、第三十一条" in text and "导入相应的法定程序处理" in text
    assert "请你（们）依法向区劳动人事争议仲裁委员会提出申请" in text


def test_the_new_notices_are_offered_after_their_decision_on_the_page_and_through_the_api(
    client, registrar, handler, outsider, make_petition
):
    refer = decided(
        make_petition,
        registrar,
        handler,
        IntakeDecision.REFER,
        reason="不属工会职责",
        competent_body="区住建局",
    )
    divert = decided(make_petition, registrar, handler, IntakeDecision.DIVERT, reason="属于劳动争议")
    client.force_login(handler)
    kinds = client.get(reverse("petitions:detail", args=[refer.pk])).context["document_kinds"]
    assert ("refer_notice", "告知另行提出告知书") in kinds and "divert_notice" not in dict(kinds)
    kinds = dict(client.get(reverse("petitions:detail", args=[divert.pk])).context["document_kinds"])
    assert "divert_notice" in kinds and "refer_notice" not in kinds
    made = client.post(
        f"/api/v1/petitions/{refer.pk}/documents",
        {"kind": "refer_notice"},
        content_type="application/json",
        headers=bearer(handler),
    )
    assert made.status_code == 201 and made.json()["title"] == "告知另行提出告知书"
    wrong = client.post(
        f"/api/v1/petitions/{refer.pk}/documents",
        {"kind": "divert_notice"},
        content_type="application/json",
        headers=bearer(handler),
    )
    assert wrong.status_code == 403
    outside = client.post(
        f"/api/v1/petitions/{refer.pk}/documents",
        {"kind": "refer_notice"},
        content_type="application/json",
        headers=bearer(outsider),
    )
    assert outside.status_code == 404


# --- 不予受理: the competent body, and no "其他" -----------------------------------------------------------------


def test_refer_and_outside_remit_need_the_competent_body(registrar, handler, make_petition):
    cases: list[tuple[str, dict[str, Any]]] = [
        (IntakeDecision.REFER, {}),
        (IntakeDecision.REJECT, {"reason_code": RejectReason.OUTSIDE_REMIT}),
    ]
    for decision, extra in cases:
        petition = make_petition(registrar)
        with pytest.raises(ValidationError) as e:
            decide_intake(
                petition=petition,
                by=handler,
                data=IntakeDecisionIn(decision=decision, version=1, reason="说明", **extra),
            )
        assert e.value.message_dict == {
            "competent_body": ["请填写有权处理的机关（告知信访人向其提出，《信访工作条例》第二十三条）。"]
        }
        petition.refresh_from_db()
        assert petition.intake_decision == ""


def test_outside_remit_notice_names_the_competent_body(registrar, handler, make_petition):
    petition = decided(
        make_petition,
        registrar,
        handler,
        IntakeDecision.REJECT,
        reason_code=RejectReason.OUTSIDE_REMIT,
        reason="所反映的是房屋质量问题。",
        competent_body="区住房和建设局",
    )
    assert petition.competent_body == "区住房和建设局"
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="reject_notice")))
    assert "经审查，不属于工会职责范围。所反映的是房屋质量问题。" in text
    assert "根据《信访工作条例》第二十三条的规定，本会决定不予受理。" in text
    assert "该信访事项属于区住房和建设局的职责范围，请你（们）向区住房和建设局提出。" in text


def test_the_competent_body_through_the_page_and_the_api(client, registrar, handler, make_petition):
    petition = make_petition(registrar)
    client.force_login(handler)
    url = reverse("petitions:decide", args=[petition.pk])
    page = client.post(url, {"version": 1, "decision": "refer", "reason": "不属工会职责"}, follow=True)
    assert "请填写有权处理的机关" in page.content.decode()
    client.post(
        url, {"version": 1, "decision": "refer", "reason": "不属工会职责", "competent_body": "区市场监管局"}
    )
    assert fresh(petition).competent_body == "区市场监管局"
    other = make_petition(registrar)
    answer = client.post(
        f"/api/v1/petitions/{other.pk}/intake-decision",
        {"version": 1, "decision": "reject", "reason_code": "outside_remit", "reason": "不属工会职责"},
        content_type="application/json",
        headers=bearer(handler),
    )
    assert answer.status_code == 422 and "有权处理的机关" in answer.json()["errors"]["competent_body"][0]
    answer = client.post(
        f"/api/v1/petitions/{other.pk}/intake-decision",
        {
            "version": 1,
            "decision": "reject",
            "reason_code": "outside_remit",
            "reason": "不属工会职责",
            "competent_body": "区市场监管局",
        },
        content_type="application/json",
        headers=bearer(handler),
    )
    assert answer.status_code == 200 and fresh(other).competent_body == "区市场监管局"


def test_other_is_no_longer_a_reason_but_old_decisions_stay_readable(registrar, handler, make_petition):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        decide_intake(
            petition=petition,
            by=handler,
            data=IntakeDecisionIn(
                decision=IntakeDecision.REJECT, version=1, reason_code=RejectReason.OTHER, reason="说明"
            ),
        )
    assert "“其他”不是《信访工作条例》规定的不予受理理由" in e.value.message_dict["reason_code"][0]
    form = IntakeDecisionForm(decisions=IntakeDecision.choices, petition=petition)
    reason_codes = cast(forms.ChoiceField, form.fields["reason_code"])
    assert not reason_codes.valid_value("other")
    # A decision recorded before the reason was withdrawn keeps its value and label; its notice cites no article.
    old = decided(
        make_petition,
        registrar,
        handler,
        IntakeDecision.REJECT,
        reason_code=RejectReason.ALREADY_HANDLED,
        reason="重复提出。",
    )
    Petition.objects.filter(pk=old.pk).update(intake_reason_code=RejectReason.OTHER)
    old = fresh(old)
    assert old.get_intake_reason_code_display() == "其他"
    text = text_of(generate_document(petition=old, by=handler, data=DocumentIn(kind="reject_notice")))
    assert "经审查，重复提出。" in text and "本会决定不予受理。" in text
    assert "第二十三条的规定，本会决定不予受理" not in text and "其他。" not in text


# --- 信访处理意见书 (第三十二条): the statute's ground for each outcome; the review route -----------------------------


@pytest.mark.parametrize(
    ("outcome", "ground", "decision"),
    [
        (Outcome.UPHELD, "请求事实清楚，符合法律、法规、规章或者其他有关规定", "予以支持"),
        (Outcome.EXPLAINED, "请求事由合理但缺乏法律依据", "作出解释说明"),
        (
            Outcome.NOT_UPHELD,
            "请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定",
            "不予支持",
        ),
        (
            Outcome.PARTLY_UPHELD,
            "事实清楚，符合法律、法规、规章或者其他有关规定的部分，本会予以支持",
            "不予支持",
        ),
    ],
)
def test_decision_letter_gives_the_statutes_ground(accepted, handler, upper, outcome, ground, decision):
    petition = conclude(accepted, handler, outcome=outcome, amount_recovered=None)
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="decision_letter")))
    assert ground in text and decision in text and "第三十二条" in text
    assert "缺乏法律政策依据" not in text


def test_decision_letter_review_sentence_is_not_limited_to_writing(accepted, handler, upper):
    text = text_of(
        generate_document(
            petition=conclude(accepted, handler), by=handler, data=DocumentIn(kind="decision_letter")
        )
    )
    assert "书面" not in text
    assert (
        "根据《信访工作条例》第三十五条的规定，可以自收到本意见书之日起30日内，向市总工会提出复查请求。"
        in text
    )


def test_the_review_body_is_the_one_set_on_the_organisation(accepted, handler, federation, upper):
    Org.objects.create(name="广东省总工会", kind=OrgKind.UPPER)  # first by path: today's rule would take it
    city = Org.objects.create(name="深圳市总工会", kind=OrgKind.UPPER)
    petition = conclude(accepted, handler)
    text = text_of(generate_document(petition=petition, by=handler, data=DocumentIn(kind="decision_letter")))
    assert "向市总工会提出复查请求" in text  # not set: the first upper federation, as before
    federation.review_body = city
    federation.save()
    text = text_of(
        generate_document(petition=fresh(petition), by=handler, data=DocumentIn(kind="decision_letter"))
    )
    assert "向深圳市总工会提出复查请求" in text


def test_the_review_body_cannot_lie_below_the_organisation(federation, committee):
    federation.review_body = committee
    with pytest.raises(ValidationError) as e:
        federation.full_clean()
    assert e.value.message_dict["review_body"] == ["复查机关应为上一级工会，不能是本组织或其下级组织。"]


# --- Articles (第三十四条 for the 60 days and the extension) -------------------------------------------------------


def test_acceptance_and_extension_cite_article_34(accepted, handler, approver):
    text = text_of(
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    )
    assert "第二十三条的规定，本会决定予以受理" in text and "根据《信访工作条例》第三十四条的规定" in text
    extension = request_extension(
        petition=fresh(accepted), by=handler, data=ExtensionIn(days=20, reason="需要多部门联合调查")
    )
    decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=True))
    text = text_of(
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="extension_notice"))
    )
    assert "第三十四条" in text and "第三十二条" not in text


def test_policy_help_texts_cite_the_right_articles():
    assert (
        "第三十四条" in DEFAULTS["handling_days"].help and "第三十四条" in DEFAULTS["extension_max_days"].help
    )
    assert "第三十六条" in DEFAULTS["re_review_request_days"].help
    assert not any("第三十二条" in d.help for d in DEFAULTS.values())


def test_the_data_migration_corrects_the_seeded_help_texts_and_keeps_edited_ones(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("xinfang.policies.migrations.0007_inquiry_reply_days_and_articles")
    Policy.objects.filter(key="handling_days").update(
        help="受理之日起60日内办结（《信访工作条例》第三十二条）"
    )
    Policy.objects.filter(key="extension_max_days").update(help="本地规定：延期须报分管领导")
    Policy.objects.filter(key="inquiry_reply_days").delete()
    migration.forward(apps, None)
    helps = dict(Policy.objects.values_list("key", "help"))
    assert helps["handling_days"] == "受理之日起60日内办结（《信访工作条例》第三十四条）"
    assert helps["extension_max_days"] == "本地规定：延期须报分管领导"
    assert Policy.objects.get(key="inquiry_reply_days").value == 15


# --- 复查意见书 when the review is not accepted ---------------------------------------------------------------------


def test_review_not_accepted_has_its_own_text(
    committee_registrar, committee, federation, approver, make_petition
):
    from xinfang.accounts.models import Role, User

    Org.objects.create(name="市总工会", kind=OrgKind.UPPER)
    ch = User.objects.create_user(username="ch", password="x-Testing-2026", role=Role.HANDLER, org=committee)
    petition = make_petition(committee_registrar, received_at=timezone.now() - timedelta(days=60))
    petition = decide_intake(petition=petition, by=ch, data=IntakeDecisionIn(decision="accept", version=1))
    petition = conclude(petition, ch, replied_on=timezone.localdate() - timedelta(days=45))
    request_review(
        petition=petition,
        by=approver,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=federation.pk,
            requested_on=timezone.localdate(),
            received_on=timezone.localdate(),
            request_text="请求撤销原处理意见",
        ),
    )
    petition = fresh(petition)
    decide_review(
        petition=petition,
        by=approver,
        data=ReviewDecisionIn(
            version=petition.version,
            result=ReviewResult.NOT_ACCEPTED,
            decision_text="你于答复后45日方提出复查请求。",
            decided_on=timezone.localdate(),
        ),
    )
    text = text_of(
        generate_document(petition=fresh(petition), by=approver, data=DocumentIn(kind="review_opinion"))
    )
    assert "信访事项复查请求不予受理告知书" in text and "东湖街道工委会" in text
    assert "超过了自收到书面答复之日起30日的申请期限" in text
    assert "根据《信访工作条例》第三十五条的规定，本会决定不予受理该复查请求。" in text
    assert "你于答复后45日方提出复查请求。" in text
    for absent in ("依法进行了复查", "（超过申请期限", "复核", "复查意见书", "复查结论"):
        assert absent not in text, absent


# --- Dates: each notice bears the date of what it records -----------------------------------------------------


def test_notices_are_dated_by_their_decision_not_by_the_day_they_are_written(
    registrar, handler, approver, make_petition
):
    today = timezone.localdate()
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=20))
    decided_on = today - timedelta(days=12)
    petition = decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(decision="accept", version=1, decided_on=decided_on),
    )
    notice = generate_document(petition=petition, by=handler, data=DocumentIn(kind="accept_notice"))
    assert last_line(notice) == cn_date(decided_on) and cn_date(today) not in text_of(notice)
    replied_on = today - timedelta(days=3)
    petition = conclude(petition, handler, replied_on=replied_on)
    assert last_line(
        generate_document(petition=petition, by=handler, data=DocumentIn(kind="decision_letter"))
    ) == cn_date(replied_on)


def test_review_opinion_is_dated_by_the_review_decision(
    committee_registrar, committee, federation, approver, make_petition
):
    from xinfang.accounts.models import Role, User

    ch = User.objects.create_user(username="ch", password="x-Testing-2026", role=Role.HANDLER, org=committee)
    petition = make_petition(committee_registrar, received_at=timezone.now() - timedelta(days=20))
    petition = decide_intake(petition=petition, by=ch, data=IntakeDecisionIn(decision="accept", version=1))
    petition = conclude(petition, ch, replied_on=timezone.localdate() - timedelta(days=10))
    review_on = timezone.localdate() - timedelta(days=2)
    request_review(
        petition=fresh(petition),
        by=approver,
        data=ReviewRequestIn(
            version=fresh(petition).version,
            body_id=federation.pk,
            requested_on=review_on - timedelta(days=3),
            received_on=review_on - timedelta(days=3),
            request_text="请求撤销原处理意见",
        ),
    )
    decide_review(
        petition=fresh(petition),
        by=approver,
        data=ReviewDecisionIn(
            version=fresh(petition).version,
            result=ReviewResult.UPHELD,
            decision_text="原处理意见事实清楚。",
            decided_on=review_on,
        ),
    )
    document = generate_document(
        petition=fresh(petition), by=approver, data=DocumentIn(kind="review_opinion")
    )
    assert last_line(document) == cn_date(review_on)


# --- 调查核实函: the reply date from the policy table and the holiday calendar ----------------------------------------


def test_inquiry_reply_date_rolls_past_the_national_day_and_follows_the_policy(
    registrar, handler, make_petition, employer
):
    with time_machine.travel(datetime(2026, 9, 20, 10, tzinfo=BEIJING), tick=False):
        petition = make_petition(registrar, employer_id=employer.pk)
        petition = decide_intake(
            petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
        )
        # 15 days from 2026-09-20 is 10-05, inside the National Day holiday: the first working day is 10-08.
        text = text_of(
            generate_document(petition=petition, by=handler, data=DocumentIn(kind="inquiry_letter"))
        )
        assert "于2026年10月8日前将核查情况" in text
        Policy.objects.filter(key="inquiry_reply_days").update(value=20)
        # 20 days is Saturday 10-10, an adjusted working day (调休): it stays.
        text = text_of(
            generate_document(petition=fresh(petition), by=handler, data=DocumentIn(kind="inquiry_letter"))
        )
        assert "于2026年10月10日前将核查情况" in text


# --- The document number (GB/T 9704 7.2.5) --------------------------------------------------------------------


def test_document_number_has_no_padding_and_ends_in_hao(accepted, handler):
    text = text_of(
        generate_document(petition=fresh(accepted), by=handler, data=DocumentIn(kind="accept_notice"))
    )
    year = timezone.localdate(accepted.received_at).year
    assert f"测工信〔{year}〕1号" in text and "〔2026〕0001号" not in text
    assert f"（信访编号：{accepted.number}）" in text
