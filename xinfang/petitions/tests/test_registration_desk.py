"""What a clerk expects of the registration form (issue 11): a call needs a phone number to call back, and 集体访
is explained where the head count is typed, its badge shown as soon as the threshold is reached."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xinfang.petitions.actions import register_petition
from xinfang.petitions.inputs import PetitionerIn
from xinfang.petitions.models import Channel, Petition
from xinfang.policies.models import Policy

from .test_registration import form_data

NO_PHONE = "来电登记须留联系电话：请至少填写一位信访人的联系电话，以便告知办理情况和回访。"


@pytest.mark.parametrize("channel", ["phone", "hotline"])
def test_a_call_without_a_phone_number_is_refused_naming_the_field(client, registrar, category, channel):
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:create"), form_data(category, channel=channel, **{"p-0-phone": ""})
    )
    assert response.status_code == 200 and NO_PHONE in response.content.decode()
    assert not Petition.objects.exists()
    # One number among several callers is enough.
    response = client.post(
        reverse("petitions:create"),
        form_data(
            category,
            channel=channel,
            people_count="2",
            **{
                "p-TOTAL_FORMS": "2",
                "p-0-phone": "",
                "p-1-name": "李四",
                "p-1-role": "co",
                "p-1-id_number": "",
                "p-1-phone": "13912345678",
            },
        ),
    )
    assert response.status_code == 302 and Petition.objects.get().channel == channel


def test_the_action_refuses_a_call_without_a_phone_number(registrar, petition_input):
    with pytest.raises(ValidationError) as e:
        register_petition(
            by=registrar,
            data=petition_input(channel=Channel.PHONE, petitioners=[PetitionerIn(name="张三", phone="  ")]),
        )
    assert e.value.message_dict == {"petitioners": [NO_PHONE]}


def test_a_letter_or_a_visit_needs_no_phone_number(registrar, petition_input):
    for channel in (Channel.LETTER, Channel.VISIT):
        petition = register_petition(
            by=registrar, data=petition_input(channel=channel, petitioners=[PetitionerIn(name="张三")])
        )
        assert petition.channel == channel


def badge_hidden(html: str) -> bool:
    badge = re.search(r"<span[^>]*data-collective-badge[^>]*>", html)
    assert badge, "no 集体访 badge beside the head count"
    return " hidden" in badge[0]


def test_the_head_count_says_what_a_collective_visit_is(client, registrar, category):
    client.force_login(registrar)
    html = client.get(reverse("petitions:create")).content.decode()
    assert "来访人数达到5人的，登记为集体访，须推选1～5名代表（身份选“代表”）。" in html
    assert 'data-collective-threshold="5"' in html and badge_hidden(html)
    Policy.objects.filter(key="collective_visit_threshold").update(value=10)
    html = client.get(reverse("petitions:create")).content.decode()
    assert "来访人数达到10人的，登记为集体访" in html and 'data-collective-threshold="10"' in html


def test_the_badge_shows_when_a_visit_reaches_the_threshold(client, registrar, category):
    client.force_login(registrar)
    # Six visitors and no representative: refused, and the form shown again says it is a collective visit.
    html = client.post(reverse("petitions:create"), form_data(category, people_count="6")).content.decode()
    assert "集体访（6人）须推选" in html and not badge_hidden(html)
    html = client.post(
        reverse("petitions:create"), form_data(category, channel="letter", people_count="6", request="")
    ).content.decode()
    assert badge_hidden(html)  # six people writing one letter make no visit
