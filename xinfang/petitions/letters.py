"""The notices and letters of petition work: their default templates (GB/T 9704 blocks), when each can be
written, and the plain data that fills it.

Privacy: ID and phone numbers in free text are masked in every document. The letter addressed to the respondent
(调查核实函) of a confidential case carries neither the petitioner's name nor anything the petitioner wrote: the
matters to verify are a neutral summary the handler writes when generating it (``check_summary``), since
信访工作条例 第三十条第三款 forbids passing an accusation's materials or related information to the accused.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from xinfang.clocks.models import work_calendar
from xinfang.documents.layout import Block, Loop
from xinfang.documents.registry import TemplateSpec
from xinfang.documents.render import paragraphs
from xinfang.lib.cnformat import cn_date, document_number
from xinfang.lib.limits import clean_text, text_problem
from xinfang.lib.redaction import redact
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.orgs.models import Org, OrgKind
from xinfang.policies.models import policy

from .models import (
    IntakeDecision,
    Outcome,
    Petition,
    RejectReason,
    ReviewDirection,
    ReviewLevel,
    ReviewResult,
    Status,
)

if TYPE_CHECKING:
    from xinfang.accounts.models import User


def _head(title: str, to: str = "{{ petitioner }}：") -> tuple:
    return (
        Block("title", title),
        Block("blank"),
        Block("ref", "{{ document_number }}"),
        Block("salutation", to),
    )


def _tail() -> tuple:
    return (Block("blank"), Block("blank"), Block("signature", "{{ issuer }}"), Block("date", "{{ today }}"))


# The fields every petition document gets (``_base`` and ``accepted_on``), and those of each kind.
# ``document_number`` is the document number (罗工信〔2026〕1号, GB/T 9704), ``case_number`` the petition's own
# number (罗工信〔2026〕0001) and ``number`` the older "编号：罗工信〔2026〕0001" that administrators' templates may
# use; ``today`` is the document's date: that of the decision or reply it records (``dated``), not the day the
# file is generated (the field keeps its name so that administrators' templates go on working).
COMMON_FIELDS = frozenset(
    {
        "number",
        "document_number",
        "case_number",
        "issuer",
        "today",
        "petitioner",
        "received_on",
        "channel",
        "request_brief",
        "request_paras",
        "accepted_on",
        "contact",
    }
)
REVIEW_FIELDS = frozenset(
    {
        "decided_by_org",
        "replied_on",
        "requested_on",
        "review_received_on",
        "review_request_paras",
        "review_paras",
        "review_result",
        "review_not_accepted",
        "not_accepted_reason",
        "next_days",
        "next_body",
    }
)


def _fields(*names: str) -> frozenset[str]:
    return COMMON_FIELDS | frozenset(names)


RECEIVED = (
    "你（们）于{{ received_on }}通过{{ channel }}提出的信访事项（信访编号：{{ case_number }}）已收悉。"
    "你（们）的请求是：{{ request_brief }}"
)


def _review_opinion(level: str, article: str, last: tuple) -> tuple:
    """The 复查意见书 / 复核意见书, with its own text when the request is not accepted: no review took place, so
    no review conclusion and no further remedy is offered."""
    decided = "信访处理意见" if level == "复查" else "复查意见"
    return (
        Block("plain", "{%p if review_not_accepted %}"),
        Block("title", f"信访事项{level}请求不予受理告知书"),
        Block("plain", "{%p else %}"),
        Block("title", f"信访事项{level}意见书"),
        Block("plain", "{%p endif %}"),
        Block("blank"),
        Block("ref", "{{ document_number }}"),
        Block("salutation", "{{ petitioner }}："),
        Block(
            "para",
            f"你（们）不服{{{{ decided_by_org }}}}于{{{{ replied_on }}}}作出的{decided}，于{{{{ requested_on }}}}"
            f"向本会提出{level}请求，本会于{{{{ review_received_on }}}}收到。",
        ),
        Block("plain", "{%p if review_not_accepted %}"),
        Block(
            "para",
            f"经审查，{{{{ not_accepted_reason }}}}根据《信访工作条例》{article}的规定，本会决定不予受理该{level}请求。",
        ),
        Loop("review_paras"),
        Block("para", "特此告知。"),
        Block("plain", "{%p else %}"),
        Block("para", f"本会依法进行了{level}，现将{level}意见答复如下："),
        Block("heading1", f"一、{level}请求"),
        Loop("review_request_paras"),
        Block("heading1", f"二、{level}意见"),
        Loop("review_paras"),
        Block("heading1", f"三、{level}结论"),
        Block("para", "{{ review_result }}。"),
        *last,
        Block("plain", "{%p endif %}"),
        *_tail(),
    )


TEMPLATES: dict[str, TemplateSpec] = {
    "accept_notice": TemplateSpec(
        "受理告知书",
        (
            *_head("信访事项受理告知书"),
            Block("para", RECEIVED),
            Block(
                "para",
                "经审查，该信访事项属于本会职责范围。根据《信访工作条例》第二十三条的规定，本会决定予以受理。"
                "根据《信访工作条例》第三十四条的规定，本会将自受理之日起{{ handling_days }}日内办结；情况复杂的，"
                "经本会负责人批准，可以适当延长办理期限，延长期限不超过{{ extension_days }}日，并告知你（们）"
                "延期理由。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("handling_days", "extension_days"),
    ),
    "reject_notice": TemplateSpec(
        "不予受理告知书",
        (
            *_head("信访事项不予受理告知书"),
            Block("para", RECEIVED),
            Block("para", "经审查，{% if reason_label %}{{ reason_label }}。{% endif %}{{ reason }}"),
            Block(
                "para",
                "{% if article %}根据《信访工作条例》{{ article }}的规定，{% endif %}本会决定不予受理。"
                "{% if competent_body %}该信访事项属于{{ competent_body }}的职责范围，"
                "请你（们）向{{ competent_body }}提出。{% endif %}",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("reason_label", "reason", "article", "competent_body"),
    ),
    "transfer_notice": TemplateSpec(
        "转送告知书",
        (
            *_head("信访事项转送告知书"),
            Block("para", RECEIVED),
            Block(
                "para",
                "经审查，该信访事项属于{{ transferred_to }}的职责范围。根据《信访工作条例》第二十三条的规定，"
                "本会已于{{ decided_on }}将该信访事项转送{{ transferred_to }}依法处理，请你（们）与其联系。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("transferred_to", "decided_on"),
    ),
    "refer_notice": TemplateSpec(
        "告知另行提出告知书",
        (
            *_head("信访事项告知书"),
            Block("para", RECEIVED),
            Block(
                "para",
                "经审查，该信访事项不属于本会及工会系统的职责范围，依法应当由{{ competent_body }}处理。{{ reason }}",
            ),
            Block(
                "para",
                "根据《信访工作条例》第二十三条的规定，请你（们）向{{ competent_body }}提出。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("competent_body", "reason", "decided_on"),
    ),
    "divert_notice": TemplateSpec(
        "导入法定程序告知书",
        (
            *_head("信访事项导入法定程序告知书"),
            Block("para", RECEIVED),
            Block(
                "para",
                "经审查，该信访事项依法应当通过调解、仲裁、诉讼等法定程序解决。{{ reason }}",
            ),
            Block(
                "para",
                "根据《信访工作条例》第二十三条、第三十一条的规定，本会决定将该信访事项导入相应的法定程序处理"
                "{% if competent_body %}，请你（们）依法向{{ competent_body }}提出申请{% endif %}。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("competent_body", "reason", "decided_on"),
    ),
    "extension_notice": TemplateSpec(
        "延期办理告知书",
        (
            *_head("信访事项延期办理告知书"),
            Block(
                "para",
                "你（们）于{{ received_on }}提出的信访事项（信访编号：{{ case_number }}），本会已于{{ accepted_on }}受理。",
            ),
            Block(
                "para",
                "因{{ extension_reason }}，该信访事项不能在规定期限内办结。根据《信访工作条例》第三十四条的规定，"
                "经本会负责人批准，办理期限延长{{ extension_days }}日，延长至{{ new_due_on }}。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        _fields("extension_reason", "extension_days", "new_due_on"),
    ),
    "decision_letter": TemplateSpec(
        "信访处理意见书",
        (
            *_head("信访处理意见书"),
            Block(
                "para",
                "你（们）于{{ received_on }}通过{{ channel }}提出的信访事项（信访编号：{{ case_number }}），"
                "本会已于{{ accepted_on }}依法受理。经调查核实，现将处理意见答复如下：",
            ),
            Block("heading1", "一、信访请求"),
            Loop("request_paras"),
            Block("heading1", "二、查明的事实和理由"),
            Loop("decision_paras"),
            Block("heading1", "三、处理意见"),
            Block("para", "{{ outcome_sentence }}"),
            Block("plain", "{%p if amount_recovered %}"),
            Block("para", "经本会协调，已追回欠薪{{ amount_recovered }}元。"),
            Block("plain", "{%p endif %}"),
            Block("heading1", "四、法律政策依据"),
            Block("para", "{{ legal_basis }}"),
            Block(
                "para",
                "如对本处理意见不服，根据《信访工作条例》第三十五条的规定，可以自收到本意见书之日起"
                "{{ review_days }}日内，向{{ review_body }}提出复查请求。",
            ),
            *_tail(),
        ),
        _fields(
            "decision_paras",
            "outcome_sentence",
            "amount_recovered",
            "legal_basis",
            "review_days",
            "review_body",
        ),
    ),
    "review_opinion": TemplateSpec(
        "复查意见书",
        _review_opinion(
            "复查",
            "第三十五条",
            (
                Block(
                    "para",
                    "如对本复查意见不服，根据《信访工作条例》第三十六条的规定，可以自收到本意见书之日起"
                    "{{ next_days }}日内，向{{ next_body }}提出复核请求。",
                ),
            ),
        ),
        COMMON_FIELDS | REVIEW_FIELDS,
    ),
    "re_review_opinion": TemplateSpec(
        "复核意见书",
        _review_opinion(
            "复核",
            "第三十六条",
            (
                Block(
                    "para",
                    "本复核意见为终结意见。根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍然以同一"
                    "事实和理由提出投诉请求的，不再受理。",
                ),
            ),
        ),
        COMMON_FIELDS | REVIEW_FIELDS,
    ),
    "inquiry_letter": TemplateSpec(
        "调查核实函",
        (
            *_head("关于核实信访反映问题的函", "{{ employer }}："),
            Block(
                "para",
                "本会收到{{ reporter }}反映你单位{{ category }}问题的信访事项。根据《中华人民共和国工会法》和"
                "《信访工作条例》的有关规定，请你单位对下列反映事项认真核查，并于{{ reply_by }}前将核查情况和"
                "处理意见书面反馈本会。",
            ),
            Block("heading1", "反映事项"),
            Loop("request_paras"),
            Block("para", "联系人：{{ contact }}"),
            *_tail(),
        ),
        _fields("employer", "category", "reporter", "reply_by"),
    ),
}


# The decision and its ground in the statute's words (信访工作条例 第三十二条); 部分支持 is practice, not statute.
GROUNDS = {
    Outcome.UPHELD: "请求事实清楚，符合法律、法规、规章或者其他有关规定",
    Outcome.EXPLAINED: "请求事由合理但缺乏法律依据",
    Outcome.NOT_UPHELD: "请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定",
}
OUTCOME_SENTENCES = {
    Outcome.UPHELD: f"经调查核实，你（们）的{GROUNDS[Outcome.UPHELD]}。根据《信访工作条例》第三十二条的规定，"
    "本会对你（们）的信访请求予以支持。",
    Outcome.PARTLY_UPHELD: "经调查核实，你（们）的请求中，事实清楚，符合法律、法规、规章或者其他有关规定的部分，"
    "本会予以支持；缺乏事实根据或者不符合法律、法规、规章或者其他有关规定的部分，本会不予支持"
    "（参照《信访工作条例》第三十二条的规定）。",
    Outcome.EXPLAINED: f"经调查核实，你（们）的{GROUNDS[Outcome.EXPLAINED]}。根据《信访工作条例》第三十二条的"
    "规定，本会已就你（们）反映的问题作出解释说明，请予理解。",
    Outcome.NOT_UPHELD: f"经调查核实，你（们）的{GROUNDS[Outcome.NOT_UPHELD]}。根据《信访工作条例》第三十二条的"
    "规定，本会对你（们）的信访请求不予支持。",
}
REJECT_ARTICLES = {
    RejectReason.ALREADY_HANDLED: "第十九条第三款",
    RejectReason.RE_REVIEWED: "第三十六条",
    RejectReason.OUTSIDE_REMIT: "第二十三条",
    RejectReason.OTHER: "",  # no ground in the regulation (only earlier decisions carry it)
}


def _names(petition: Petition) -> list[str]:
    return [p.name for p in petition.petitioners.all()]  # as given on this petition (Petitioner snapshot)


def next_body(org: Org) -> str:
    """The body that reviews ``org``'s decisions (信访工作条例 第三十五、三十六条: the immediate upper level): the
    review body set on the organisation; where none is set, the union above it inside the federation, else the
    first upper federation (by path), else "上一级工会"."""
    if org.review_body_id is not None:
        return str(Org.objects.get(pk=org.review_body_id))
    if org.parent_id is not None:
        return str(Org.objects.get(pk=org.parent_id))
    upper = Org.objects.filter(kind=OrgKind.UPPER, is_active=True).order_by("path").first()
    return str(upper) if upper else "上一级工会"


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def _base(petition: Petition, by: User, issuer: Org) -> dict:
    names = _names(petition)
    request = redact(petition.request)
    return {
        "number": f"编号：{petition.number}",
        "document_number": document_number(petition.number),
        "case_number": petition.number,
        "issuer": str(issuer),
        "petitioner": "、".join(names) or "信访人",
        "received_on": cn_date(timezone.localdate(petition.received_at)),
        "channel": petition.get_channel_display(),
        "request_brief": request if len(request) <= 120 else request[:120] + "……",
        "request_paras": paragraphs(request),
        "contact": by.name or by.username,
    }


INTAKE_NOTICES = ("accept_notice", "reject_notice", "transfer_notice", "refer_notice", "divert_notice")


def dated(kind: str, petition: Petition) -> date:
    """The date a document bears: that of the decision or reply it records (an intake notice the intake
    decision's, an extension notice the approval's, the 信访处理意见书 the reply's, a review opinion the review
    decision's); the 调查核实函, which records nothing earlier, the day it is written."""
    on: date | None = None
    if kind in INTAKE_NOTICES and petition.intake_decided_at:
        on = timezone.localdate(petition.intake_decided_at)
    elif kind == "extension_notice":
        approved = petition.extensions.filter(approved=True).values_list("decided_at", flat=True).first()
        on = timezone.localdate(approved) if approved else None
    elif kind == "decision_letter":
        on = petition.replied_on
    elif kind in ("review_opinion", "re_review_opinion"):
        level = ReviewLevel.REVIEW if kind == "review_opinion" else ReviewLevel.RE_REVIEW
        on = petition.reviews.filter(level=level).values_list("decided_on", flat=True).first()
    return on or timezone.localdate()


def reply_by(issued_on: date) -> date:
    """The day the employer is asked to answer a 调查核实函 by: the policy's number of days from the day it is
    written, on the holiday calendar like every other deadline."""
    return due_date(
        work_calendar(),
        issued_on,
        policy("inquiry_reply_days"),
        CALENDAR_DAYS,
        roll_forward=bool(policy("deadline_roll_forward")),
    ).due_on


def context(kind: str, petition: Petition, by: User, *, summary: str = "") -> dict:
    """The data that fills document ``kind`` for this petition. ``summary``: the handler's neutral summary of the
    matters to verify, which replaces the petitioner's text in the 调查核实函 of a confidential case (checked by
    ``check_summary`` first)."""
    ctx = _base(petition, by, petition.org)
    ctx["today"] = cn_date(dated(kind, petition))
    accepted = timezone.localdate(petition.intake_decided_at) if petition.intake_decided_at else None
    ctx["accepted_on"] = cn_date(accepted) if accepted else ""
    if kind == "accept_notice":
        ctx |= {"handling_days": policy("handling_days"), "extension_days": policy("extension_max_days")}
    elif kind == "reject_notice":
        code = RejectReason(petition.intake_reason_code or RejectReason.OTHER)
        ctx |= {
            "reason_label": "" if code == RejectReason.OTHER else code.label.split("（")[0],
            "reason": redact(petition.intake_reason),
            "article": REJECT_ARTICLES[code],
            "competent_body": petition.competent_body,
        }
    elif kind == "transfer_notice":
        ctx |= {"transferred_to": str(petition.transferred_to), "decided_on": ctx["accepted_on"]}
    elif kind in ("refer_notice", "divert_notice"):
        ctx |= {
            "competent_body": petition.competent_body,
            "reason": redact(petition.intake_reason),
            "decided_on": ctx["accepted_on"],
        }
    elif kind == "extension_notice":
        extension = petition.extensions.filter(approved=True).get()
        handling = petition.clocks.filter(kind="handling").order_by("-started_on", "-pk").first()
        ctx |= {
            "extension_reason": redact(extension.reason).rstrip("。"),
            "extension_days": extension.days,
            "new_due_on": cn_date(handling.due_on) if handling else "",
        }
    elif kind == "decision_letter":
        ctx |= {
            "decision_paras": paragraphs(redact(petition.decision_text)),
            "outcome_sentence": OUTCOME_SENTENCES[Outcome(petition.outcome)],
            "amount_recovered": _money(petition.amount_recovered) if petition.amount_recovered else "",
            "legal_basis": petition.legal_basis,
            "review_days": policy("review_request_days"),
            "review_body": next_body(petition.org),
        }
    elif kind in ("review_opinion", "re_review_opinion"):
        ctx |= _review_context(petition, kind)
    elif kind == "inquiry_letter":
        ctx |= {
            "employer": str(petition.employer),
            "category": petition.category.name,
            "reporter": f"职工{ctx['petitioner']}",
            "reply_by": cn_date(reply_by(timezone.localdate())),
        }
        if petition.is_confidential:
            # Nothing of the petitioner reaches the unit asked to verify: no name, no request, only the summary.
            matters = paragraphs(redact(clean_text(summary)))
            brief = "".join(matters)
            ctx |= {
                "petitioner": "",
                "reporter": "有关人员",
                "request_paras": matters,
                "request_brief": brief if len(brief) <= 120 else brief[:120] + "……",
            }
    return ctx


SUMMARY_FIELD = "summary"
SUMMARY_LABEL = "核实事项摘要"
SUMMARY_MAX_LENGTH = 2000
# A summary may not copy this many consecutive characters of the petitioner's request, facts or reasons.
SUMMARY_COPY_RUN = 20
# Any mobile number (11 digits from 1) or ID number (17 digits and a check character), written however.
ANY_MOBILE = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")
ANY_ID_NUMBER = re.compile(r"(?<![0-9A-Z])[0-9]{17}[0-9X](?![0-9A-Z])")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－·_]+")


def needs_summary(kind: str, petition: Petition) -> bool:
    """Whether document ``kind`` of this petition is written from a summary the handler provides."""
    return kind == "inquiry_letter" and petition.is_confidential


def names_petitioner(kind: str, petition: Petition) -> bool:
    """Whether document ``kind`` of this petition carries the petitioner's identity (a name, or the petitioner's
    own words): every notice addressed to the petitioner does, and the 调查核实函 of an ordinary case ("职工张三");
    the 调查核实函 of a confidential case does not (docs/documents.md)."""
    return not needs_summary(kind, petition)


def _comparable(text: str) -> str:
    """Text as compared with identities: full-width forms folded (NFKC), invisible characters and separators
    removed, letters upper-cased."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", clean_text(text or ""))).upper()


def _identities(petition: Petition) -> tuple[list[str], list[str], list[str]]:
    """The petitioners' names, ID numbers and phone numbers as given on this petition (its list of names, each
    petitioner's own record) and as in the person register, each as compared (``_comparable``)."""
    given = list(petition.petitioners.select_related("person"))
    names = re.split(r"[、，,;；\s]+", petition.petitioner_names or "")
    names += [p.name for p in given] + [p.person.name for p in given]
    id_numbers = [p.id_number for p in given] + [p.person.id_number for p in given]
    phones = [p.phone for p in given] + [p.person.phone for p in given]

    def distinct(values: list[str]) -> list[str]:
        return [v for v in dict.fromkeys(_comparable(v) for v in values) if v]

    return distinct(names), distinct(id_numbers), distinct(phones)


def check_summary(petition: Petition, summary: str, by: User) -> None:
    """Refuse a summary for the 调查核实函 of a confidential case that is missing, too long, names a petitioner
    (as typed on the petition or as in the person register), holds any petitioner's ID or phone number or any
    mobile or ID number at all, or copies the petitioner's own text. Raises ValidationError on ``summary``."""
    label = f"{SUMMARY_LABEL}："
    value = clean_text(summary or "")
    if not value:
        raise ValidationError(
            {
                SUMMARY_FIELD: [
                    f"{label}保密信访件的调查核实函须由承办人填写核实事项摘要"
                    "（用中性的语言概括需要核实的事项，不得引用信访人原文，不得含有信访人的身份信息）。"
                ]
            }
        )
    problem = text_problem(value, label=SUMMARY_LABEL, max_length=SUMMARY_MAX_LENGTH)
    if problem:
        raise ValidationError({SUMMARY_FIELD: [problem]})
    shown = petition.identity_visible_to(by)
    text = _comparable(value)
    names, id_numbers, phones = _identities(petition)
    errors: list[str] = []
    for name in names:
        if len(name) >= 2 and name in text:
            errors.append(f"{label}不得含有信访人的姓名" + (f"（“{name}”）。" if shown else "。"))
    if any(number in text for number in id_numbers) or ANY_ID_NUMBER.search(text):
        errors.append(f"{label}不得含有身份证号码。")
    if any(number in text for number in phones if len(number) >= 7) or ANY_MOBILE.search(text):
        errors.append(f"{label}不得含有电话号码或手机号码。")
    own = [_comparable(t) for t in (petition.request, petition.facts, petition.reasons)]
    runs = {text[i : i + SUMMARY_COPY_RUN] for i in range(max(len(text) - SUMMARY_COPY_RUN + 1, 0))}
    if any(run in source for run in runs for source in own):
        errors.append(f"{label}不得照抄信访人的请求、事实或理由，请用中性的语言概括需要核实的事项。")
    if errors:
        raise ValidationError({SUMMARY_FIELD: errors})


def _review_context(petition: Petition, kind: str) -> dict:
    level = ReviewLevel.REVIEW if kind == "review_opinion" else ReviewLevel.RE_REVIEW
    review = petition.reviews.select_related("body").get(level=level)
    if level == ReviewLevel.REVIEW:
        decided_by, replied_on = str(petition.org), petition.replied_on
    else:
        first = petition.reviews.select_related("body").get(level=ReviewLevel.REVIEW)
        decided_by, replied_on = str(first.body), first.decided_on
    not_accepted = review.result == ReviewResult.NOT_ACCEPTED
    window = policy("review_request_days" if level == ReviewLevel.REVIEW else "re_review_request_days")
    answer = "书面答复" if level == ReviewLevel.REVIEW else "复查意见"
    if review.is_late:
        why = f"你（们）的{level.label}请求超过了自收到{answer}之日起{window}日的申请期限。"
    else:
        why = f"你（们）的{level.label}请求不符合{level.label}的受理条件。"
    upper = review.body.kind == OrgKind.UPPER and review.body.review_body_id is None
    return {
        "issuer": str(review.body),
        "decided_by_org": decided_by,
        "replied_on": cn_date(replied_on) if replied_on else "",
        "requested_on": cn_date(review.requested_on),
        "review_received_on": cn_date(review.received_on),
        "review_request_paras": paragraphs(redact(review.request_text)),
        "review_paras": paragraphs(redact(review.decision_text)),
        "review_result": ReviewResult(review.result).label.split("（")[0] if review.result else "",
        "review_not_accepted": not_accepted,
        "not_accepted_reason": why if not_accepted else "",
        "next_days": policy("re_review_request_days"),
        "next_body": "上一级工会" if upper else next_body(review.body),
    }


def available(kind: str, petition: Petition) -> bool:
    """Whether the petition has reached the point where document ``kind`` can be written."""
    if kind == "accept_notice":
        return petition.intake_decision == IntakeDecision.ACCEPT
    if kind == "reject_notice":
        return petition.intake_decision == IntakeDecision.REJECT
    if kind == "transfer_notice":
        return petition.intake_decision == IntakeDecision.TRANSFER_OUT
    if kind == "refer_notice":
        return petition.intake_decision == IntakeDecision.REFER
    if kind == "divert_notice":
        return petition.intake_decision == IntakeDecision.DIVERT
    if kind == "extension_notice":
        return petition.extensions.filter(approved=True).exists()
    if kind == "decision_letter":
        return bool(petition.outcome)
    if kind in ("review_opinion", "re_review_opinion"):
        level = ReviewLevel.REVIEW if kind == "review_opinion" else ReviewLevel.RE_REVIEW
        return petition.reviews.filter(
            level=level, direction=ReviewDirection.RECEIVED, result__gt=""
        ).exists()
    if kind == "inquiry_letter":
        return petition.employer_id is not None and petition.status in (
            Status.ACCEPTED,
            Status.ASSIGNED,
            Status.HANDLING,
        )
    return False
