"""A petition that is a labour dispute is diverted (导入法定程序) and registered as a mediation case, which ends
in an agreement (调解协议书)."""

from __future__ import annotations

from datetime import date, timedelta

from journeys import (
    Petitioner,
    decide_intake,
    download,
    expect_message,
    register_petition,
    status_badge,
    today,
)
from playwright.sync_api import expect


def test_a_diverted_petition_becomes_a_mediation_case_that_ends_in_an_agreement(journey):
    registrar = journey.as_user("dengji")
    number = register_petition(
        registrar,
        petitioners=[Petitioner("唐志强", phone="13600136000")],
        request="要求公司支付解除劳动合同的经济补偿",
        facts="公司以经营困难为由解除劳动合同，未支付经济补偿。",
    )
    petition_url = registrar.url

    # The federation finds it a labour dispute: into the statutory procedure, then one click to a mediation.
    head = journey.as_user("fuze")
    head.goto(petition_url)
    decide_intake(head, "导入法定程序", reason="属劳动争议，引导当事人申请调解。")
    expect(status_badge(head)).to_have_text("已导入法定程序")
    expect(head.get_by_text("本件已导入法定程序")).to_be_visible()
    head.get_by_role("link", name="登记为劳动争议调解案件").click()

    expect(head.get_by_role("heading", name="登记劳动争议调解申请")).to_be_visible()
    expect(head.get_by_text("由信访件导入调解")).to_be_visible()
    # What the petition already said is filled in: the worker, the employer, the claims.
    expect(head.locator('[name="p-0-name"]')).to_have_value("唐志强")
    expect(head.locator("#id_employer_name")).not_to_have_value("")
    expect(head.locator('[name="claims"]')).to_have_value(
        "要求公司支付解除劳动合同的经济补偿\n公司以经营困难为由解除劳动合同，未支付经济补偿。"
    )
    head.locator('[name="dispute_type"]').select_option(label="劳动报酬、工伤医疗费、经济补偿或者赔偿金")
    head.locator('[name="mediators"]').fill("刘调解")
    head.get_by_role("button", name="保存登记").click()
    shown = expect_message(head, "已登记调解案件")
    mediation_number = shown.split("已登记调解案件 ")[1].split("。")[0]
    expect(head.locator("h1")).to_have_text(mediation_number)
    expect(status_badge(head)).to_have_text("待受理")
    expect(head.get_by_role("link", name=f"由信访件 {number} 导入")).to_be_visible()

    # Accepted, one mediation session, an agreement.
    accept = head.locator("form", has=head.get_by_role("button", name="受理"))
    accept.locator('[name="accepted_on"]').fill(today())
    accept.get_by_role("button", name="受理").click()
    expect_message(head, "已受理。")
    expect(status_badge(head)).to_have_text("调解中")

    head.get_by_text("添加调解记录", exact=True).click()
    session = head.locator("form", has=head.locator('[name="minutes"]'))
    session.locator('[name="held_on"]').fill(today())
    session.locator('[name="place"]').fill("区总工会调解室")
    session.locator('[name="attendees"]').fill("唐志强、公司人事经理、刘调解")
    session.locator('[name="minutes"]').fill("双方同意公司支付经济补偿二万元。")
    session.get_by_role("button", name="保存").click()
    expect_message(head, "已保存调解记录。")
    expect(head.locator(".xf-card", has=head.get_by_role("heading", name="调解记录"))).to_contain_text(
        "双方同意公司支付经济补偿二万元"
    )

    head.get_by_text("录入调解结果", exact=True).click()
    result = head.locator("form", has=head.get_by_role("button", name="保存结果"))
    result.locator('[name="result"]').select_option(label="调解成功")
    result.locator('[name="result_on"]').fill(today())
    result.locator('[name="agreement_terms"]').fill("公司于十日内一次性支付唐志强经济补偿人民币二万元。")
    result.locator('[name="amount_agreed"]').fill("20000")
    due = date.fromisoformat(today()) + timedelta(days=10)
    result.locator('[name="performance_due_on"]').fill(due.isoformat())
    result.locator('[name="performance_manner"]').fill("银行转账")
    result.get_by_role("button", name="保存结果").click()
    expect_message(head, "已录入调解结果。")
    expect(status_badge(head)).to_have_text("调解成功")
    expect(head.get_by_role("heading", name="调解结果：调解成功")).to_be_visible()

    documents = head.locator(".xf-card", has=head.get_by_role("heading", name="文书"))
    documents.locator('[name="kind"]').select_option(label="调解协议书")
    documents.get_by_role("button", name="生成").click()
    expect_message(head, "已生成文书")
    agreement = head.locator(".xf-card", has=head.get_by_role("heading", name="文书")).get_by_role(
        "link", name="调解协议书"
    )
    assert download(head, agreement.click).startswith(b"PK")

    # The petition points to its mediation case.
    head.goto(petition_url)
    expect(head.get_by_text("已转为劳动争议调解案件")).to_be_visible()
    expect(head.get_by_role("link", name=mediation_number)).to_be_visible()
