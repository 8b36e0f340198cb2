"""The printed papers of a petition (issue 11): the 信访登记表 and the receipt (回执) handed to the petitioner, with
the number and how to follow it up (the office's phone and desk hours, policies an administrator edits); the
print stylesheet leaves out navigation and forms. Outsiders get 404, like the petition page."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.petitions.models import Kind
from xinfang.policies.models import Policy


@pytest.fixture
def petition(registrar, make_petition):
    return make_petition(registrar)


@pytest.mark.parametrize("page", ["receipt", "sheet"])
def test_the_papers_give_the_number_and_how_to_follow_it_up(client, registrar, petition, page):
    Policy.objects.filter(key="office_phone").update(text="0755-25123456")
    Policy.objects.filter(key="office_hours").update(text="周一至周五 9:00—12:00")
    client.force_login(registrar)
    html = client.get(reverse(f"petitions:{page}", args=[petition.pk])).content.decode()
    assert petition.number in html and "0755-25123456" in html and "周一至周五 9:00—12:00" in html
    assert "张三" in html and "data-print" in html


def test_the_receipt_says_when_the_petitioner_hears_whether_it_is_accepted(client, registrar, petition):
    client.force_login(registrar)
    html = client.get(reverse("petitions:receipt", args=[petition.pk])).content.decode()
    assert "信访事项登记回执" in html and "本会将自收到之日起15日内告知您是否受理" in html
    assert f"{registrar.org.name}（盖章）" in html


def test_the_defaults_hold_until_an_administrator_sets_them(client, registrar, petition):
    client.force_login(registrar)
    html = client.get(reverse("petitions:receipt", args=[petition.pk])).content.decode()
    assert "12351" in html and "工作日上午9:00—12:00，下午14:00—17:30（法定节假日除外）" in html


def test_the_sheet_masks_the_numbers(client, registrar, petition, valid_id):
    client.force_login(registrar)
    html = client.get(reverse("petitions:sheet", args=[petition.pk])).content.decode()
    assert "信访登记表" in html and "要求支付拖欠工资。" in html
    assert valid_id not in html and "13812345678" not in html and "138****5678" in html


def test_the_petition_page_offers_both_papers(client, registrar, petition):
    client.force_login(registrar)
    html = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert reverse("petitions:sheet", args=[petition.pk]) in html
    assert reverse("petitions:receipt", args=[petition.pk]) in html


@pytest.mark.parametrize("page", ["receipt", "sheet"])
def test_an_outsider_gets_404(client, outsider, petition, page):
    client.force_login(outsider)
    assert client.get(reverse(f"petitions:{page}", args=[petition.pk])).status_code == 404


def test_a_confidential_case_is_printed_only_for_who_may_see_its_petitioners(
    client, committee_registrar, handler, make_petition
):
    accusation = make_petition(committee_registrar, kind=Kind.ACCUSATION)
    client.force_login(handler)  # of the federation: sees the committee's case, not who accuses
    assert client.get(reverse("petitions:receipt", args=[accusation.pk])).status_code == 404
    assert client.get(reverse("petitions:sheet", args=[accusation.pk])).status_code == 404
    page = client.get(reverse("petitions:detail", args=[accusation.pk])).content.decode()
    assert reverse("petitions:receipt", args=[accusation.pk]) not in page
    client.force_login(committee_registrar)
    assert client.get(reverse("petitions:sheet", args=[accusation.pk])).status_code == 200
    assert AccessLog.objects.filter(
        user=committee_registrar,
        action=AccessAction.VIEW_CONFIDENTIAL,
        object_id=accusation.pk,
        detail="打印",
    ).exists()


def test_the_print_stylesheet_leaves_out_navigation_and_forms():
    found = finders.find("css/xinfang.css")
    assert isinstance(found, str)
    css = Path(found).read_text(encoding="utf-8")
    rules = css[css.index("@media print") :]
    hidden = rules[: rules.index("{ display: none !important; }")].rsplit("\n", 1)[-1]
    for selector in (".xf-nav", "form", "details", ".btn", "main > [role=alert]"):
        assert selector in hidden
