"""A one-time token in the registration form: sending the same rendered form twice (a double click, a resend
after a timeout) registers one petition, and the second POST is sent to it with a message."""

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from xinfang.idempotency.models import IdempotencyKey
from xinfang.petitions.models import Petition
from xinfang.petitions.tests.test_registration import form_data


def _token(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match, "the form carries a one-time token"
    return match.group(1)


def _rendered_token(client) -> str:
    return _token(client.get(reverse("petitions:create")).content.decode())


def test_the_same_rendered_form_sent_twice_registers_once(client, registrar, category):
    client.force_login(registrar)
    data = form_data(category, form_token=_rendered_token(client))
    first = client.post(reverse("petitions:create"), data)
    petition = Petition.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("petitions:detail", args=[petition.pk])
    second = client.post(reverse("petitions:create"), data)
    assert Petition.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "未重复登记" in " ".join(str(m) for m in get_messages(second.wsgi_request))


def test_each_rendering_gets_a_new_token(client, registrar, category):
    client.force_login(registrar)
    assert _rendered_token(client) != _rendered_token(client)
    client.post(reverse("petitions:create"), form_data(category, form_token=_rendered_token(client)))
    client.post(reverse("petitions:create"), form_data(category, form_token=_rendered_token(client)))
    assert Petition.objects.count() == 2


def test_a_refused_form_keeps_its_token_and_registers_once_corrected(client, registrar, category):
    client.force_login(registrar)
    token = _rendered_token(client)
    refused = client.post(reverse("petitions:create"), form_data(category, form_token=token, request=""))
    assert refused.status_code == 200 and f'value="{token}"' in refused.content.decode()
    assert not IdempotencyKey.objects.exists()
    client.post(reverse("petitions:create"), form_data(category, form_token=token))
    client.post(reverse("petitions:create"), form_data(category, form_token=token))
    assert Petition.objects.count() == 1


def test_a_token_is_one_users_own(client, registrar, category, federation):
    from xinfang.accounts.models import Role, User

    other = User.objects.create_user(
        username="r2", password="x-Password-2026", role=Role.REGISTRAR, org=federation
    )
    client.force_login(registrar)
    token = _rendered_token(client)
    client.post(reverse("petitions:create"), form_data(category, form_token=token))
    client.force_login(other)
    client.post(reverse("petitions:create"), form_data(category, form_token=token))
    assert Petition.objects.count() == 2


def test_the_mediation_form_sent_twice_registers_one_case(client, handler, employer):
    from xinfang.mediations.models import Mediation
    from xinfang.mediations.tests.test_limits import page_data

    client.force_login(handler)
    page = client.get(reverse("mediations:create")).content.decode()
    token = _token(page)
    data = page_data(employer, form_token=token)
    first = client.post(reverse("mediations:create"), data)
    second = client.post(reverse("mediations:create"), data)
    assert Mediation.objects.count() == 1
    assert first.status_code == second.status_code == 302 and second["Location"] == first["Location"]


def test_the_consultation_form_sent_twice_records_one(client, registrar):
    from xinfang.consultations.models import Consultation
    from xinfang.consultations.tests.test_consultations import entry

    client.force_login(registrar)
    page = client.get(reverse("consultations:list")).content.decode()
    token = _token(page)
    data = entry(form_token=token)
    assert client.post(reverse("consultations:list"), data).status_code == 302
    assert client.post(reverse("consultations:list"), data).status_code == 302
    assert Consultation.objects.count() == 1
