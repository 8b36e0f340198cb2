"""Documents of labour-dispute mediation: 调解申请登记表, 调解协议书, 调解终止（不成）告知书. Templates as GB/T 9704
blocks, when each can be written, and the plain data that fills it (numbers masked, money as Decimal)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from xinfang.documents.layout import Block, Loop, Table
from xinfang.documents.registry import TemplateSpec
from xinfang.documents.render import paragraphs
from xinfang.lib.cnformat import cn_date, cn_money_upper
from xinfang.lib.redaction import redact
from xinfang.policies.models import policy

from .models import Body, Mediation, Status

if TYPE_CHECKING:
    from xinfang.accounts.models import User


def _tail() -> tuple:
    return (Block("blank"), Block("signature", "{{ issuer }}"), Block("date", "{{ today }}"))


# The fields of every mediation document (``context`` fills them all for each kind).
FIELDS = frozenset(
    {
        "number",
        "issuer",
        "today",
        "received_on",
        "application_form",
        "workers",
        "workers_short",
        "people_count",
        "employer",
        "credit_code",
        "employer_address",
        "dispute_type",
        "amount_claimed",
        "claims",
        "claims_paras",
        "terms_paras",
        "amount_agreed",
        "amount_agreed_words",
        "performance_due_on",
        "performance_manner",
        "mediators",
        "body",
        "settle_by",
        "mediation_days",
        "registered_by",
        "reason_sentence",
    }
)

TEMPLATES: dict[str, TemplateSpec] = {
    "mediation_application": TemplateSpec(
        "调解申请登记表",
        (
            Block("title", "劳动争议调解申请登记表"),
            Block("ref", "{{ number }}"),
            Table(
                (
                    ("收到申请日期", "{{ received_on }}"),
                    ("申请方式", "{{ application_form }}"),
                    ("申请人（劳动者）", "{{ workers }}"),
                    ("涉及人数", "{{ people_count }}人"),
                    ("被申请人（用人单位）", "{{ employer }}"),
                    ("统一社会信用代码", "{{ credit_code }}"),
                    ("争议类型", "{{ dispute_type }}"),
                    ("涉及金额", "{{ amount_claimed }}"),
                    ("申请调解事项和理由", "{{ claims }}"),
                    ("调解组织", "{{ body }}"),
                    ("调解期限", "{{ settle_by }}（收到申请之日起{{ mediation_days }}日）"),
                    ("登记人", "{{ registered_by }}"),
                )
            ),
            Block("blank"),
            Block("plain", "申请人（签名）：　　　　　　　　　　登记人（签名）："),
            Block("date", "{{ today }}"),
        ),
        FIELDS,
    ),
    "mediation_agreement": TemplateSpec(
        "调解协议书",
        (
            Block("title", "劳动争议调解协议书"),
            Block("ref", "{{ number }}"),
            Block("plain", "申请人：{{ workers }}"),
            Block(
                "plain",
                "被申请人：{{ employer }}（统一社会信用代码：{{ credit_code }}），地址：{{ employer_address }}",
            ),
            Block("plain", "调解组织：{{ body }}"),
            Block(
                "para",
                "申请人与被申请人因{{ dispute_type }}发生劳动争议，申请人于{{ received_on }}向本调解组织申请调解。"
                "经调解，双方在自愿、平等的基础上达成如下协议：",
            ),
            Block("heading1", "一、争议事项"),
            Loop("claims_paras"),
            Block("heading1", "二、调解结果"),
            Loop("terms_paras"),
            Block("plain", "{%p if amount_agreed %}"),
            Block(
                "para", "被申请人向申请人支付人民币{{ amount_agreed }}元（大写：{{ amount_agreed_words }}）。"
            ),
            Block("plain", "{%p endif %}"),
            Block("heading1", "三、履行期限和方式"),
            Block("para", "被申请人应于{{ performance_due_on }}前以{{ performance_manner }}方式履行本协议。"),
            Block(
                "para",
                "本协议自双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，"
                "当事人应当履行。被申请人逾期不履行支付劳动报酬、工伤医疗费、经济补偿或者赔偿金约定的，申请人可以"
                "依法向人民法院申请支付令。",
            ),
            Block("para", "本协议书一式三份，双方当事人和调解组织各执一份。"),
            Block("blank"),
            Block("plain", "申请人（签名）：　　　　　　　　　　被申请人（盖章）："),
            Block("blank"),
            Block("plain", "调解员（签名）：{{ mediators }}　　　　　调解组织（印章）"),
            Block("date", "{{ today }}"),
        ),
        FIELDS,
    ),
    "mediation_termination": TemplateSpec(
        "调解终止告知书",
        (
            Block("title", "劳动争议调解终止告知书"),
            Block("ref", "{{ number }}"),
            Block("salutation", "{{ workers_short }}："),
            Block(
                "para",
                "你（们）与{{ employer }}因{{ dispute_type }}发生的劳动争议，本调解组织于{{ received_on }}收到你（们）的"
                "调解申请。{{ reason_sentence }}",
            ),
            Block(
                "para",
                "根据《中华人民共和国劳动争议调解仲裁法》第十四条的规定，本次调解终止。你（们）可以依法向劳动争议"
                "仲裁委员会申请仲裁。劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起"
                "计算（第二十七条）。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        FIELDS,
    ),
}


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def available(kind: str, mediation: Mediation) -> bool:
    if kind == "mediation_application":
        return True
    if kind == "mediation_agreement":
        return mediation.status == Status.SETTLED
    if kind == "mediation_termination":
        return mediation.may_apply_for_arbitration and mediation.status != Status.SETTLED
    return False


def context(kind: str, mediation: Mediation, by: User) -> dict:
    workers = list(mediation.workers.all())
    listed = "、".join(
        w.name
        + (f"（身份证号{w.masked_id_number}）" if w.id_number else "")
        + ("（代表）" if w.is_representative else "")
        for w in workers
    )
    if len(workers) < mediation.people_count:
        listed += f"等{mediation.people_count}人"
    employer = mediation.employer
    body = mediation.body_name or (str(mediation.org) + Body(mediation.body).label.removeprefix("区总工会"))
    if mediation.body == Body.FEDERATION:
        body = f"{mediation.federation}劳动争议调解委员会"
    lapsed = mediation.lapsed_on is not None and mediation.status != Status.NOT_SETTLED
    # An agreement bears the day it was reached; a registration form the day the application came in.
    dated = {"mediation_agreement": mediation.result_on, "mediation_application": mediation.received_on}.get(
        kind
    )
    return {
        "number": f"编号：{mediation.number}",
        "issuer": body,
        "today": cn_date(dated or timezone.localdate()),
        "received_on": cn_date(mediation.received_on),
        "application_form": mediation.get_application_form_display(),
        "workers": listed,
        "workers_short": "、".join(w.name for w in workers[:3]) + ("等" if len(workers) > 3 else ""),
        "people_count": mediation.people_count,
        "employer": employer.name,
        "credit_code": employer.credit_code or "—",
        "employer_address": employer.address or "—",
        "dispute_type": f"{mediation.get_dispute_type_display()}",
        "amount_claimed": f"{_yuan(mediation.amount_claimed)}元"
        if mediation.amount_claimed is not None
        else "—",
        "claims": redact(mediation.claims),
        "claims_paras": paragraphs(redact(mediation.claims)),
        "terms_paras": paragraphs(redact(mediation.agreement_terms)),
        "amount_agreed": _yuan(mediation.amount_agreed) if mediation.amount_agreed else "",
        "amount_agreed_words": cn_money_upper(mediation.amount_agreed) if mediation.amount_agreed else "",
        "performance_due_on": cn_date(mediation.performance_due_on) if mediation.performance_due_on else "",
        "performance_manner": mediation.performance_manner,
        "mediators": mediation.mediators,
        "body": body,
        "settle_by": cn_date(mediation.settle_by),
        "mediation_days": policy("mediation_days"),
        "registered_by": str(mediation.registered_by),
        "reason_sentence": (
            f"自收到调解申请之日起{policy('mediation_days')}日内，双方未能达成调解协议。"
            if lapsed
            else "经调解，双方未能达成调解协议。"
        ),
    }
