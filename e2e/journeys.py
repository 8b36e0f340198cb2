"""Steps that several journeys share, written as a person does them on the pages."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

_random = random.Random()  # numbers differ between runs too: E2E_BASE_URL may point at a used database


def today() -> str:
    """The business date (Beijing), as a date input takes it."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def id_number(region: str = "440303") -> str:
    """A valid resident identity number (GB 11643 check digit) of someone born 1970–1999, a new one each call."""
    birth = date(1970, 1, 1) + timedelta(days=_random.randrange(30 * 365))
    body = f"{region}{birth:%Y%m%d}{_random.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


# The smallest PDF a viewer opens: the upload check reads its signature.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Petitioner:
    name: str
    role: str = "主信访人"
    phone: str = "13800138000"
    id_number: str = field(default_factory=id_number)


def expect_message(page: Page, text: str) -> str:
    """The message the page shows after a step contains ``text``; its whole text."""
    alert = page.locator("main > [role=alert]", has_text=text)
    expect(alert).to_be_visible()
    return alert.inner_text()


def status_badge(page: Page):
    """The status label beside the record's number."""
    return page.locator("h1 + .badge")


def register_petition(
    page: Page,
    *,
    petitioners: list[Petitioner],
    people_count: int = 1,
    request: str = "要求用人单位支付拖欠的工资",
    facts: str = "申请人自今年八月起在该公司工作，公司拖欠三个月工资共计一万五千元。",
    category: str = "拖欠工资",
    employer_search: str = "深圳市",
    opened: bool = False,
) -> str:
    """Fill the registration form and save it; the petition's number. ``opened``: the form is already open
    (e.g. turned from a consultation)."""
    if not opened:
        page.goto("/petitions/new/")
    expect(page.get_by_role("heading", name="登记信访")).to_be_visible()
    rows = page.locator("#petitioners .petitioner-row")
    for i, person in enumerate(petitioners):
        if i >= rows.count():
            page.get_by_role("button", name="+ 添加信访人").click()
            expect(rows).to_have_count(i + 1)
        page.locator(f'[name="p-{i}-name"]').fill(person.name)
        page.locator(f'[name="p-{i}-role"]').select_option(label=person.role)
        id_input = page.locator(f'[name="p-{i}-id_number"]')
        id_input.fill(person.id_number)
        id_input.dispatch_event("change")  # htmx looks the number up
        expect(rows.nth(i).locator(".lookup-hint")).to_contain_text("身份证号有效")
        page.locator(f'[name="p-{i}-phone"]').fill(person.phone)
    page.locator("#id_people_count").fill(str(people_count))
    page.locator("#id_category").select_option(label=category)
    # The employer: typed, looked up by htmx, picked from the list of registered ones. The look-up follows input
    # events alone, as Chinese arrives from an input method or a paste (fill sends no key).
    page.locator("#id_employer_name").fill(employer_search)
    option = page.locator("#employer-options [data-employer-id]").first
    expect(option).to_be_visible()
    option.click()
    expect(page.locator("#employer-options")).to_contain_text("已选择登记在册的单位")
    page.locator("#id_request").fill(request)
    page.locator("#id_facts").fill(facts)
    page.locator("#id_reasons").fill("依据《劳动合同法》第三十条，用人单位应当按时足额支付劳动报酬。")
    page.get_by_role("button", name="保存登记").click()
    shown = expect_message(page, "已登记，信访编号")
    number = re.search(r"信访编号 (\S+?)。", shown)
    assert number, shown
    expect(page.locator("h1")).to_have_text(number.group(1))
    expect(status_badge(page)).to_have_text("待受理")
    return number.group(1)


def decide_intake(page: Page, decision: str, reason: str = "") -> None:
    """The intake decision on the petition's page (受理, 导入法定程序, …)."""
    card = page.locator(".xf-card", has=page.get_by_role("heading", name="受理决定"))
    card.locator('[name="decision"]').select_option(label=decision)
    if reason:
        card.locator('[name="reason"]').fill(reason)
    card.get_by_role("button", name="保存决定").click()
    expect_message(page, f"已记录受理决定：{decision}。")


def pick(form, name: str, typed: str, option: str) -> None:
    """Pick in a searchable picker (<select data-picker>) by keyboard, as a clerk does: type part of the name,
    see ``option`` offered, press Enter."""
    form.locator(f'select[name="{name}"] + .ts-wrapper .ts-control').click()
    form.page.keyboard.type(typed)
    offered = form.locator(f'select[name="{name}"] + .ts-wrapper .ts-dropdown .option', has_text=option)
    expect(offered.first).to_be_visible()
    # Enter takes the highlighted option: wait until the picker has highlighted it, as the clerk sees it
    expect(offered.first).to_have_class(re.compile(r"\bactive\b"))
    form.page.keyboard.press("Enter")
    expect(form.locator(f'select[name="{name}"] + .ts-wrapper .item', has_text=option)).to_be_visible()


def download(page: Page, click) -> bytes:
    """The bytes of the file a click downloads."""
    with page.expect_download() as info:
        click()
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def upload_import(page: Page, *, kind: str, path: str) -> None:
    """On 数据导入, upload a file of ``kind`` (its title, e.g. 人员); the job's page then shows its check."""
    page.goto("/imports/")
    form = page.locator("form", has=page.get_by_role("button", name="上传并检查"))
    form.locator('[name="kind"]').select_option(label=kind)
    form.locator('[name="file"]').set_input_files(path)
    form.get_by_role("button", name="上传并检查").click()
    expect(page.locator("h1")).to_contain_text(f"导入{kind}：")


def open_union_work(page: Page, entry: str) -> None:
    """Open a union-work ledger from the top menu: 工会工作 ▸ ``entry`` (e.g. 工会组建), as a clerk does."""
    if page.url in ("", "about:blank"):
        page.goto("/")
    page.get_by_role("button", name="工会工作").click()
    link = page.locator(".dropdown-menu").get_by_role("link", name=entry, exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("button", name="工会工作")).to_be_visible()


def field_error(form, name: str):
    """The error Django shows under the field ``name`` of ``form``."""
    return form.locator(f'[name="{name}"] ~ .errorlist')


def unique(prefix: str) -> str:
    """``prefix`` with a number that differs between runs (a name that must be new, e.g. a union's)."""
    return f"{prefix}{_random.randrange(10_000, 100_000)}"
