"""Petition journeys: registration (individual and collective visits) and a petition's whole life through a
street committee."""

from __future__ import annotations

from journeys import (
    PDF,
    Petitioner,
    decide_intake,
    download,
    expect_message,
    register_petition,
    status_badge,
    today,
)
from playwright.sync_api import expect


def test_a_registrar_registers_an_individual_visit(journey):
    page = journey.as_user("dengji")
    number = register_petition(page, petitioners=[Petitioner("韩晓梅")])

    # What the registrar checks on the new petition's page: an individual visit, the petitioner masked, the
    # handling clock started, the registration in the history.
    expect(page.locator("dd", has_text="1 人次")).to_be_visible()
    expect(page.locator(".badge-collective")).to_have_count(0)
    people = page.locator(".xf-card", has=page.get_by_role("heading", name="信访人")).locator("tbody tr")
    expect(people).to_have_count(1)
    expect(people.first).to_contain_text("韩晓梅")
    expect(people.first).to_contain_text("主信访人")
    expect(people.first).not_to_contain_text("13800138000")  # the phone number is masked
    expect(page.locator(".xf-card", has=page.get_by_role("heading", name="期限"))).to_contain_text("剩")
    # …and the list shows it.
    page.get_by_role("link", name="信访件", exact=True).click()
    expect(page.get_by_role("link", name=number)).to_be_visible()


def test_a_registrar_registers_a_collective_visit_with_representatives(journey):
    page = journey.as_user("dengji")
    register_petition(
        page,
        petitioners=[
            Petitioner("罗建国", role="代表", phone="13900139001"),
            Petitioner("邱桂芳", role="代表", phone="13900139002"),
        ],
        people_count=12,  # over the collective-visit threshold (5)
        request="要求公司补缴社会保险费",
        category="拖欠工资",
    )
    expect(page.locator(".badge-collective")).to_have_text("集体访")
    expect(page.locator("dd", has_text="12 人次")).to_be_visible()
    people = page.locator(".xf-card", has=page.get_by_role("heading", name="信访人")).locator("tbody tr")
    expect(people).to_have_count(2)
    expect(people.filter(has_text="代表")).to_have_count(2)


def test_a_petition_goes_from_registration_through_a_committee_to_the_rating(journey):
    registrar = journey.as_user("dengji")
    number = register_petition(registrar, petitioners=[Petitioner("蒋立新", phone="13700137000")])
    petition_url = registrar.url

    # The federation accepts it and assigns it to the 东湖 street committee.
    head = journey.as_user("fuze")
    head.goto(petition_url)
    decide_intake(head, "受理")
    expect(status_badge(head)).to_have_text("已受理")
    assign = head.locator("form", has=head.get_by_role("button", name="交办", exact=True))
    lead = assign.locator('[name="lead"]')
    lead.select_option(lead.locator("option", has_text="东湖街道工委会").first.get_attribute("value"))
    assign.locator('[name="instructions"]').fill("请于期限内核实欠薪情况并反馈。")
    assign.get_by_role("button", name="交办", exact=True).click()
    expect_message(head, "已交办：东湖街道工委会。")
    expect(status_badge(head)).to_have_text("已交办")
    assignments = head.locator(".xf-card", has=head.get_by_role("heading", name="交办")).locator("tbody tr")
    expect(assignments).to_have_count(1)
    expect(assignments.first).to_contain_text("东湖街道工委会")

    # The committee's handler takes it, writes down what was done (with the PDF of a statement) and reports.
    handler = journey.as_user("donghu")
    handler.goto(petition_url)
    expect(handler.locator("h1")).to_have_text(number)
    expect(handler.get_by_text("您所在单位承办其中的“主办”任务")).to_be_visible()
    handler.get_by_role("button", name="签收").click()
    expect_message(handler, "已签收。")
    expect(status_badge(handler)).to_have_text("办理中")
    handler.get_by_text("添加办理记录", exact=True).click()
    note = handler.locator("form", has=handler.get_by_role("button", name="保存记录"))
    note.locator('[name="kind"]').select_option(label="调查核实")
    note.locator('[name="happened_on"]').fill(today())
    note.locator('[name="text"]').fill("到公司核实：公司承认拖欠工资，承诺本月底前支付。")
    note.locator('[name="attachments"]').set_input_files(
        {"name": "询问笔录.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    note.get_by_role("button", name="保存记录").click()
    expect_message(handler, "已保存办理记录。")
    notes = handler.locator(".xf-card", has=handler.get_by_role("heading", name="办理记录"))
    expect(notes).to_contain_text("公司承认拖欠工资")
    attachment = notes.get_by_role("link", name="询问笔录.pdf")
    expect(attachment).to_be_visible()
    assert download(handler, attachment.click).startswith(b"%PDF")
    report = handler.locator("form", has=handler.get_by_role("button", name="反馈办理结果"))
    report.locator('[name="report"]').fill("经协调，公司已于今日足额支付拖欠工资一万五千元。")
    report.get_by_role("button", name="反馈办理结果").click()
    expect_message(handler, "已反馈办理结果。")
    expect(handler.locator(".xf-card", has=handler.get_by_role("heading", name="交办"))).to_contain_text(
        "公司已于今日足额支付"
    )

    # The federation concludes it, generates the decision letter and downloads it.
    head.reload()
    head.get_by_text("办结（出具信访处理意见书）").click()
    conclude = head.locator("form", has=head.get_by_role("button", name="办结", exact=True))
    conclude.locator('[name="outcome"]').select_option(label="支持")
    conclude.locator('[name="replied_on"]').fill(today())
    conclude.locator('[name="delivery"]').select_option(label="当面送达")
    conclude.locator('[name="decision_text"]').fill("经调查核实，用人单位拖欠工资属实，现已足额支付。")
    conclude.locator('[name="legal_basis"]').fill("《劳动合同法》第三十条")
    conclude.locator('[name="amount_recovered"]').fill("15000")
    conclude.get_by_role("button", name="办结", exact=True).click()
    expect_message(head, "已办结。")
    expect(status_badge(head)).to_have_text("已办结")
    expect(head.get_by_role("heading", name="处理意见：支持")).to_be_visible()
    documents = head.locator(".xf-card", has=head.get_by_role("heading", name="文书"))
    documents.locator('[name="kind"]').select_option(label="信访处理意见书")
    documents.get_by_role("button", name="生成").click()
    expect_message(head, "已生成《信访处理意见书》")
    letter = head.locator(".xf-card", has=head.get_by_role("heading", name="文书")).get_by_role(
        "link", name="信访处理意见书"
    )
    assert download(head, letter.click).startswith(b"PK")  # a .docx is a zip file

    # A colleague calls the petitioner back and records the rating.
    colleague = journey.as_user("chengban")
    colleague.goto(petition_url)
    rating = colleague.locator("form", has=colleague.get_by_role("button", name="录入评价"))
    rating.locator('[name="rating"]').select_option(label="满意")
    rating.locator('[name="method"]').select_option(label="电话回访")
    rating.locator('[name="rated_on"]').fill(today())
    rating.get_by_role("button", name="录入评价").click()
    expect_message(colleague, "已录入满意度评价。")
    expect(status_badge(colleague)).to_have_text("已评价")
    expect(colleague.locator("strong", has_text="满意度评价：满意")).to_be_visible()
