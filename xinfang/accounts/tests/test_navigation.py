"""The top menu is the menu registry, filled by the apps and the ledgers; base.html names none of them."""

import pytest
from django.urls import reverse

from xinfang.accounts import navigation
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.inbox.models import ReminderKind, remind

EVERYONE = ["工作台", "信访件", "劳动争议调解", "法律咨询", "工会工作", "待办提醒", "用人单位", "期限计算"]


def titles(client) -> list[str]:
    return [item.title for item in client.get(reverse("clocks:calculator")).context["menu"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("registrar", EVERYONE[:2] + ["登记信访"] + EVERYONE[2:]),
        ("leader", EVERYONE),
        ("administrator", EVERYONE[:2] + ["登记信访"] + EVERYONE[2:] + ["系统管理", "运行状态"]),
    ],
)
def test_each_role_sees_the_menu_it_saw_before(client, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert titles(client) == expected


def test_the_register_entry_opens_with_alt_n_and_the_inbox_entry_counts_the_unread(
    client, registrar, handler, make_petition
):
    petition = make_petition(registrar)
    remind(users=[handler, handler], kind=ReminderKind.ASSIGNED, text="新交办", record=petition)
    client.force_login(handler)
    html = client.get(reverse("clocks:calculator")).content.decode()
    register = reverse("petitions:create")
    assert (
        f'<a class="nav-link" href="{register}" accesskey="n" title="Alt+N">登记信访 <small class="opacity-75 d-none d-xxl-inline">(Alt+N)</small>'
        in html
    )
    inbox = reverse("inbox:list")
    assert f'href="{inbox}">待办提醒 <span class="badge text-bg-warning">1</span></a>' in html


def test_an_entry_a_new_ledger_registers_appears_in_its_place(client, handler, monkeypatch):
    monkeypatch.setattr(navigation, "MENU", list(navigation.MENU))
    register_menu_entry(
        MenuEntry("登记调解申请", "mediations:create", 45, shown_to=lambda u: u.role == "handler")
    )
    client.force_login(handler)
    assert titles(client)[3:5] == ["劳动争议调解", "登记调解申请"]


def test_the_union_work_ledgers_are_one_drop_down_menu(client, leader):
    client.force_login(leader)
    menu = client.get(reverse("clocks:calculator")).context["menu"]
    group = next(item for item in menu if item.title == "工会工作")
    assert group.url == "" and [child.title for child in group.children] == [
        "工会组建", "职代会", "会员发展", "集体合同", "职工之家验收", "代表名额分配", "年度任务",
    ]  # fmt: skip
    assert all(child.url for child in group.children)
    html = client.get(reverse("clocks:calculator")).content.decode()
    assert 'data-bs-toggle="dropdown" aria-expanded="false">工会工作</a>' in html
    assert f'<a class="dropdown-item" href="{reverse("unions:list")}">工会组建</a>' in html
