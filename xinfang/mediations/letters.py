"""Documents of labour-dispute mediation: 调解申请登记表, 调解协议书, 调解终止（不成）告知书. Templates as GB/T 9704
blocks, when each can be written, and the plain data that fills it (money as Decimal).

Identity: the 调解申请登记表 is a record of the office and masks ID numbers; the 调解协议书 is signed by the parties
and may go to a court (支付令, 司法确认), so it identifies every party in full, each worker in its annex with the
amount (docs/documents.md). Free text (claims, terms) is masked in every document."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from xinfang.documents.layout import Block, ListTable, Loop, Table
from xinfang.documents.registry import TemplateSpec
from xinfang.documents.render import paragraphs
from xinfang.lib.cnformat import cn_date, cn_money_upper, document_number
from xinfang.lib.redaction import redact
from xinfang.policies.models import policy

from .models import Body, Mediation, MediationWorker, Status

if TYPE_CHECKING:
    from xinfang.accounts.models import User


def _tail() -> tuple:
    return (Block("blank"), Block("signature", "{{ issuer }}"), Block("date", "{{ today }}"))


# The fields of every mediation document (``context`` fills them all for each kind). ``number`` is the case
# number as "编号：…", ``document_number`` the document number (罗工调〔2026〕1号); ``today`` the document's date:
# the day of what it records (the application's receipt, the agreement, the end of mediation).
FIELDS = frozenset(
    {
        "number",
        "document_number",
        "case_number",
        "issuer",
        "today",
        "received_on",
        "application_form",
        "workers",
        "workers_short",
        "applicants",
        "people_count",
        "employer",
        "credit_code",
        "employer_address",
        "legal_representative",
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
        "basis_sentence",
        "annex",
        "annex_count",
    }
)

# Blank space for what the parties write in by hand (an ID number or an address not on record).
BLANK = "　" * 8
# Up to this many workers are named in full at the head of the agreement; more are named in its annex only.
NAMED_AT_HEAD = 3

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
            Block("blank"),
            Block("ref", "{{ document_number }}"),
            Loop("applicants", kind="plain"),
            Block(
                "plain",
                "被申请人：{{ employer }}，统一社会信用代码：{{ credit_code }}，住所：{{ employer_address }}，"
                "法定代表人：{{ legal_representative }}",
            ),
            Block("plain", "调解组织：{{ body }}"),
            Block(
                "para",
                "申请人与被申请人因{{ dispute_type }}发生劳动争议，申请人于{{ received_on }}向本调解组织申请调解"
                "（案件编号：{{ case_number }}）。经调解，双方在自愿、平等的基础上达成如下协议：",
            ),
            Block("heading1", "一、争议事项"),
            Loop("claims_paras"),
            Block("heading1", "二、调解结果"),
            Loop("terms_paras"),
            Block("plain", "{%p if amount_agreed %}"),
            Block(
                "para",
                "被申请人向申请人支付人民币{{ amount_agreed }}元（大写：{{ amount_agreed_words }}）"
                "{% if annex_count != 1 %}，各申请人的金额见附件{% endif %}。",
            ),
            Block("plain", "{%p endif %}"),
            Block("heading1", "三、履行期限和方式"),
            Block("para", "被申请人应于{{ performance_due_on }}前以{{ performance_manner }}方式履行本协议。"),
            Block(
                "para",
                "本协议自双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，"
                "当事人应当履行（《中华人民共和国劳动争议调解仲裁法》第十四条）。",
            ),
            Block(
                "para",
                "达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁"
                "（第十五条）。因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，被申请人在协议"
                "约定期限内不履行的，申请人可以持本协议书依法向人民法院申请支付令（第十六条）。",
            ),
            Block("para", "本协议书一式三份，双方当事人和调解组织各执一份。"),
            Block("blank"),
            Block("para", "附件：申请人名单及协议金额"),
            Block("blank"),
            Block("plain", "申请人（签名）：　　　　　　　　　　被申请人（盖章）："),
            Block("blank"),
            Block("plain", "调解员（签名）：　　　　　　　　　　调解组织（印章）"),
            Block("date", "{{ today }}"),
            ListTable(
                title="申请人名单及协议金额",
                columns=(
                    ("序号", "{{ w.seq }}", 14),
                    ("姓名", "{{ w.name }}", 20),
                    ("公民身份号码", "{{ w.id_number }}", 46),
                    ("住址", "{{ w.address }}", 34),
                    ("协议金额（元）", "{{ w.amount }}", 26),
                    ("签名", "", 16),
                ),
                items="annex",
                item="w",
                total=("合计", "{{ annex_count }}人", "", "", "{{ amount_agreed }}", ""),
            ),
        ),
        FIELDS,
    ),
    "mediation_termination": TemplateSpec(
        "调解终止告知书",
        (
            Block("title", "劳动争议调解终止告知书"),
            Block("blank"),
            Block("ref", "{{ document_number }}"),
            Block("salutation", "{{ workers_short }}："),
            Block(
                "para",
                "你（们）与{{ employer }}因{{ dispute_type }}发生的劳动争议，本调解组织于{{ received_on }}收到你（们）的"
                "调解申请。{{ reason_sentence }}",
            ),
            Block("para", "{{ basis_sentence }}"),
            Block(
                "para",
                "劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算（《中华人民共和国"
                "劳动争议调解仲裁法》第二十七条第一款）。仲裁时效因当事人一方向对方当事人主张权利，或者向有关部门请求"
                "权利救济，或者对方当事人同意履行义务而中断；从中断时起，仲裁时效期间重新计算（第二十七条第二款）。",
            ),
            Block(
                "para",
                "劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受前述一年仲裁时效期间的限制；但是，劳动"
                "关系终止的，应当自劳动关系终止之日起一年内提出（第二十七条第四款）。",
            ),
            Block("para", "特此告知。"),
            *_tail(),
        ),
        FIELDS,
    ),
}


def available(kind: str, mediation: Mediation) -> bool:
    if kind == "mediation_application":
        return True
    if kind == "mediation_agreement":
        return mediation.status == Status.SETTLED
    if kind == "mediation_termination":
        return mediation.may_apply_for_arbitration and mediation.status != Status.SETTLED
    return False


def incomplete(kind: str, mediation: Mediation) -> str:
    """Why document ``kind`` cannot be written yet although the case has reached its point (the 调解协议书 needs
    every worker registered and, for an agreed sum shared by several, each one's amount); "" if it can."""
    if kind != "mediation_agreement":
        return ""
    workers = list(mediation.workers.all())
    if len(workers) < mediation.people_count:
        return (
            f"调解协议书须在附件中列明每一名申请人：本案涉及{mediation.people_count}人，已登记{len(workers)}人，"
            "请先在“申请人（劳动者）”中补充登记。"
        )
    if mediation.amount_agreed is not None and len(workers) > 1:
        missing = [w.name for w in workers if w.amount_agreed is None]
        if missing:
            return f"调解协议书须在附件中列明每一名申请人的协议金额，请先录入{'、'.join(missing[:5])}等人的协议金额。"
    return ""


def _body(mediation: Mediation) -> str:
    body = mediation.body_name or (str(mediation.org) + Body(mediation.body).label.removeprefix("区总工会"))
    if mediation.body == Body.FEDERATION:
        body = f"{mediation.federation}劳动争议调解委员会"
    return body


def _amount(worker: MediationWorker, mediation: Mediation, count: int) -> Decimal | None:
    """A worker's share: recorded, or the whole agreed sum when he is the only worker."""
    if worker.amount_agreed is not None:
        return worker.amount_agreed
    return mediation.amount_agreed if count == 1 else None


def _applicants(workers: list[MediationWorker], people_count: int) -> list[str]:
    """The head of the agreement: each worker in full, or for more than a few, all of them by the annex."""
    if len(workers) <= NAMED_AT_HEAD:
        return [
            f"申请人：{w.name}{'（推举的代表）' if w.is_representative else ''}，"
            f"公民身份号码：{w.id_number or BLANK}，住址：{w.address or BLANK}"
            for w in workers
        ]
    lines = [
        f"申请人：{workers[0].name}等{max(people_count, len(workers))}名劳动者（姓名、公民身份号码、住址见附件）"
    ]
    representatives = [w.name for w in workers if w.is_representative]
    if representatives:
        lines.append(f"推举的代表：{'、'.join(representatives)}")
    return lines


def _dated(kind: str, mediation: Mediation):
    """The day a document bears: the application's receipt, the agreement's day, the end of mediation."""
    if kind == "mediation_application":
        return mediation.received_on
    if kind == "mediation_agreement":
        return mediation.result_on
    if kind == "mediation_termination":
        return mediation.result_on if mediation.status == Status.NOT_SETTLED else mediation.lapsed_on
    return None


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
    body = _body(mediation)
    # 调解不成 rests on 第五条; no agreement within the 15 days on 第十四条.
    failed = mediation.status == Status.NOT_SETTLED
    law = "《中华人民共和国劳动争议调解仲裁法》"
    annex = [
        {
            "seq": i,
            "name": w.name,
            "id_number": w.id_number,
            "address": w.address,
            "amount": _yuan(_amount(w, mediation, len(workers))),
        }
        for i, w in enumerate(workers, start=1)
    ]
    return {
        "number": f"编号：{mediation.number}",
        "document_number": document_number(mediation.number),
        "case_number": mediation.number,
        "issuer": body,
        "today": cn_date(_dated(kind, mediation) or timezone.localdate()),
        "received_on": cn_date(mediation.received_on),
        "application_form": mediation.get_application_form_display(),
        "workers": listed,
        "workers_short": "、".join(w.name for w in workers[:3]) + ("等" if len(workers) > 3 else ""),
        "applicants": _applicants(workers, mediation.people_count),
        "people_count": mediation.people_count,
        "employer": employer.name,
        "credit_code": employer.credit_code or "—",
        "employer_address": employer.address or BLANK,
        "legal_representative": employer.legal_representative or BLANK,
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
            "经调解，双方未能达成调解协议。"
            if failed
            else f"自收到调解申请之日起{policy('mediation_days')}日内，双方未能达成调解协议。"
        ),
        "basis_sentence": (
            f"根据{law}第五条的规定，调解不成的，你（们）可以向劳动争议仲裁委员会申请仲裁。"
            if failed
            else f"根据{law}第十四条的规定，自劳动争议调解组织收到调解申请之日起{policy('mediation_days')}日内"
            "未达成调解协议的，当事人可以依法申请仲裁。你（们）可以向劳动争议仲裁委员会申请仲裁。"
        ),
        "annex": annex,
        "annex_count": len(annex),
    }


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
