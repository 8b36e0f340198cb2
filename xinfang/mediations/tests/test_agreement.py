"""The 调解协议书 identifies every party in full and lists every worker with the amount in its annex; the
调解终止告知书 cites the article that applies (《劳动争议调解仲裁法》第五、十四、二十七条). Each test reads the
generated document with python-docx."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.idnumber import make_id_number
from xinfang.mediations.actions import conclude_mediation, generate_mediation_document, register_mediation
from xinfang.mediations.inputs import (
    MediationConclusionIn,
    MediationDocumentIn,
    MediationIn,
    WorkerAmountIn,
    WorkerAmountsIn,
    WorkerIn,
    WorkersIn,
)
from xinfang.mediations.models import EventKind, Mediation, Status
from xinfang.mediations.workers import add_workers, set_worker_amounts


def worker(i: int, **extra) -> WorkerIn:
    born = timezone.localdate().replace(year=1980 + i % 20)
    data = {
        "name": f"工人{i:02d}",
        "id_number": make_id_number("440303", born, 100 + i),
        "address": f"深圳市罗湖区翠竹路{i}号",
    }
    return WorkerIn(**(data | extra))


def register(by, employer, workers, people_count=None, **extra) -> Mediation:
    data = {
        "body": "federation",
        "application_form": "written",
        "received_on": timezone.localdate() - timedelta(days=3),
        "accepted_on": timezone.localdate() - timedelta(days=3),
        "dispute_type": "pay",
        "claims": "要求支付拖欠的工资。",
        "workers": workers,
        "employer_id": employer.pk,
        "people_count": people_count or len(workers),
        "mediators": "李调解",
    }
    return register_mediation(by=by, data=MediationIn(**(data | extra)))


def fresh(m) -> Mediation:
    return Mediation.objects.select_related("org", "employer").get(pk=m.pk)


def settle(m, by, amount="60000.00", **extra) -> Mediation:
    m = fresh(m)
    data: dict[str, Any] = {
        "result": Status.SETTLED,
        "result_on": timezone.localdate(),
        "agreement_terms": "被申请人支付拖欠的工资。",
        "amount_agreed": Decimal(amount),
        "performance_due_on": timezone.localdate() + timedelta(days=10),
        "performance_manner": "银行转账",
    }
    return conclude_mediation(
        mediation=m, by=by, data=MediationConclusionIn(version=m.version, **data | extra)
    )


def read(document) -> tuple[str, list[list[str]]]:
    d = docx.Document(document.file.path)
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    return "\n".join(p.text for p in d.paragraphs), rows


@pytest.fixture
def employer_in_full(employer):
    employer.address = "深圳市罗湖区东门北路1001号"
    employer.legal_representative = "陈大文"
    employer.save()
    return employer


def bearer(user) -> dict:
    _, key = ApiToken.issue(user=user, name="t")
    return {"Authorization": f"Bearer {key}"}


def test_agreement_identifies_each_party_in_full_and_signs_blank(handler, employer_in_full):
    one = worker(1)
    m = settle(register(handler, employer_in_full, [one]), handler, amount="18000.00")
    text, rows = read(
        generate_mediation_document(
            mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
        )
    )
    assert f"申请人：工人01，公民身份号码：{one.id_number}，住址：深圳市罗湖区翠竹路1号" in text
    assert "被申请人：鸿寅电子有限公司，统一社会信用代码：" in text
    assert "住所：深圳市罗湖区东门北路1001号，法定代表人：陈大文" in text
    assert "第十五条" in text and "可以依法申请仲裁" in text and "支付令（第十六条）" in text
    assert "调解员（签名）：　" in text and "李调解" not in text
    assert "附件：申请人名单及协议金额" in text
    # The annex: every worker in full with the amount (a single worker's is the agreed sum).
    assert ["1", "工人01", one.id_number, "深圳市罗湖区翠竹路1号", "18,000.00", ""] in rows
    assert rows[-1][:2] == ["合计", "1人"] and rows[-1][4] == "18,000.00"


def test_the_annex_lists_every_worker_however_many(handler, employer_in_full):
    workers = [worker(i) for i in range(1, 13)]
    m = settle(register(handler, employer_in_full, workers), handler, amount="60000.00")
    shares = [WorkerAmountIn(worker_id=w.pk, amount=Decimal("5000.00")) for w in m.workers.all()]
    m = set_worker_amounts(
        mediation=fresh(m), by=handler, data=WorkerAmountsIn(version=fresh(m).version, amounts=shares)
    )
    document = generate_mediation_document(
        mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
    )
    text, rows = read(document)
    assert "申请人：工人01等12名劳动者（姓名、公民身份号码、住址见附件）" in text and "等12人" not in text
    assert "60,000.00元（大写：陆万元整），各申请人的金额见附件。" in text
    listed = [row for row in rows if row[0].isdigit()]
    assert [row[1] for row in listed] == [w.name for w in workers]
    assert [row[2] for row in listed] == [w.id_number for w in workers]  # full numbers, none masked
    assert all(row[4] == "5,000.00" for row in listed)
    assert rows[-1][1] == "12人" and rows[-1][4] == "60,000.00"
    # The agreement's last paragraph is still its date; the annex follows on a page of its own.
    assert [p.text for p in docx.Document(document.file.path).paragraphs if p.text.strip()][-1] == cn_date(
        timezone.localdate()
    )


def test_an_incomplete_list_of_workers_is_completed_before_the_agreement(client, handler, employer_in_full):
    representatives = [worker(1, is_representative=True), worker(2, is_representative=True)]
    m = settle(register(handler, employer_in_full, representatives, people_count=12), handler)
    with pytest.raises(NotAllowed) as e:
        generate_mediation_document(
            mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
        )
    assert "本案涉及12人，已登记2人" in e.value.message
    others = [worker(i) for i in range(3, 13)]
    with pytest.raises(ValidationError) as refused:
        add_workers(
            mediation=fresh(m),
            by=handler,
            data=WorkersIn(version=fresh(m).version, workers=[*others, worker(13)]),
        )
    assert "最多还可登记10人" in refused.value.message_dict["workers"][0]
    add_workers(mediation=fresh(m), by=handler, data=WorkersIn(version=fresh(m).version, workers=others))
    m = fresh(m)
    assert m.workers.count() == 12 and m.events.filter(kind=EventKind.WORKERS).exists()
    with pytest.raises(NotAllowed) as e:
        generate_mediation_document(
            mediation=m, by=handler, data=MediationDocumentIn(kind="mediation_agreement")
        )
    assert "请先录入" in e.value.message and "的协议金额" in e.value.message
    uneven = [WorkerAmountIn(worker_id=w.pk, amount=Decimal("1000.00")) for w in m.workers.all()]
    with pytest.raises(ValidationError) as refused:
        set_worker_amounts(mediation=m, by=handler, data=WorkerAmountsIn(version=m.version, amounts=uneven))
    assert refused.value.message_dict["amounts"] == [
        "各劳动者的协议金额合计12000.00元，与协议金额60000.00元不一致。"
    ]
    shares = [WorkerAmountIn(worker_id=w.pk, amount=Decimal("5000.00")) for w in m.workers.all()]
    set_worker_amounts(mediation=m, by=handler, data=WorkerAmountsIn(version=m.version, amounts=shares))
    _, rows = read(
        generate_mediation_document(
            mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_agreement")
        )
    )
    assert len([row for row in rows if row[0].isdigit()]) == 12


def test_the_list_and_the_amounts_through_the_pages_and_the_api(client, handler, outsider, employer_in_full):
    m = settle(register(handler, employer_in_full, [worker(1)], people_count=3), handler, amount="3000.00")
    client.force_login(handler)
    page = client.get(reverse("mediations:detail", args=[m.pk]))
    assert page.context["add_workers_form"] is not None and page.context["amounts_form"] is not None
    two = worker(2)
    client.post(
        reverse("mediations:add_workers", args=[m.pk]),
        {
            "version": fresh(m).version,
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1",
            "p-MAX_NUM_FORMS": "100",
            "p-0-name": two.name,
            "p-0-id_number": two.id_number,
            "p-0-address": two.address,
        },
    )
    assert fresh(m).workers.filter(name=two.name, address=two.address).exists()
    url = f"/api/v1/mediations/{m.pk}"
    added = client.post(
        f"{url}/workers",
        {"version": fresh(m).version, "workers": [{"name": "工人03", "address": "翠竹路3号"}]},
        content_type="application/json",
        headers=bearer(handler),
    )
    assert added.status_code == 201 and [w["address"] for w in added.json()["workers"]][-1] == "翠竹路3号"
    ids = [w["id"] for w in added.json()["workers"]]
    wrong = client.post(
        f"{url}/worker-amounts",
        {"version": added.json()["version"], "amounts": [{"worker_id": i, "amount": "500.00"} for i in ids]},
        content_type="application/json",
        headers=bearer(handler),
    )
    assert wrong.status_code == 422 and "不一致" in wrong.json()["errors"]["amounts"][0]
    fields = {f"amount_{i}": "1000.00" for i in ids}
    client.post(reverse("mediations:worker_amounts", args=[m.pk]), {"version": fresh(m).version} | fields)
    assert [w.amount_agreed for w in fresh(m).workers.all()] == [Decimal("1000.00")] * 3
    for path, payload in (
        ("workers", {"workers": [{"name": "工人04"}]}),
        ("worker-amounts", {"amounts": [{"worker_id": ids[0], "amount": "1.00"}]}),
    ):
        refused = client.post(
            f"{url}/{path}",
            {"version": 1} | payload,
            content_type="application/json",
            headers=bearer(outsider),
        )
        assert refused.status_code == 404
    client.force_login(outsider)
    assert client.post(reverse("mediations:add_workers", args=[m.pk]), {"version": 1}).status_code == 404
    assert client.post(reverse("mediations:worker_amounts", args=[m.pk]), {"version": 1}).status_code == 404


def test_registration_takes_each_workers_address(handler, employer_in_full):
    m = register(handler, employer_in_full, [worker(1)])
    assert m.workers.get().address == "深圳市罗湖区翠竹路1号"
    assert m.workers.get().person.address == "深圳市罗湖区翠竹路1号"


# --- 调解终止告知书 ------------------------------------------------------------------------------------------------


def test_a_failed_mediation_rests_on_article_5(handler, employer_in_full):
    m = register(handler, employer_in_full, [worker(1)])
    failed_on = timezone.localdate() - timedelta(days=1)
    m = conclude_mediation(
        mediation=fresh(m),
        by=handler,
        data=MediationConclusionIn(
            version=fresh(m).version, result=Status.NOT_SETTLED, result_on=failed_on, note="双方差距较大。"
        ),
    )
    document = generate_mediation_document(
        mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_termination")
    )
    text, _ = read(document)
    assert "经调解，双方未能达成调解协议。" in text and "第五条的规定，调解不成的" in text
    assert "第十四条" not in text
    for part in (
        "第二十七条第一款",
        "中断",
        "重新计算（第二十七条第二款）",
        "拖欠劳动报酬",
        "第二十七条第四款",
    ):
        assert part in text, part
    assert [p.text for p in docx.Document(document.file.path).paragraphs if p.text.strip()][-1] == cn_date(
        failed_on
    )


def test_no_agreement_within_15_days_rests_on_article_14(handler, employer_in_full):
    from django.core.management import call_command

    m = register(
        handler, employer_in_full, [worker(1)], received_on=timezone.localdate() - timedelta(days=40)
    )
    call_command("tick")
    text, _ = read(
        generate_mediation_document(
            mediation=fresh(m), by=handler, data=MediationDocumentIn(kind="mediation_termination")
        )
    )
    assert "自收到调解申请之日起15日内，双方未能达成调解协议" in text
    assert "第十四条的规定" in text and "第五条" not in text and "第二十七条第二款" in text
