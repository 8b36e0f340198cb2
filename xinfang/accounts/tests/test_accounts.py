from django.urls import reverse

from xinfang.conftest import PASSWORD


def test_login_locks_after_repeated_failures(client, registrar):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "registrar", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "registrar", "password": PASSWORD})
    assert "已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_right_password_reaches_the_home_page(client, registrar):
    response = client.post(
        reverse("accounts:login"), {"username": "registrar", "password": PASSWORD}, follow=True
    )
    assert "工作台" in response.content.decode() and client.session["_auth_user_id"] == str(registrar.pk)


def test_admin_site_is_for_administrators_only(client, approver, administrator):
    approver.is_staff = True
    approver.save()
    client.force_login(approver)
    assert client.get("/admin/").status_code == 302
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


def test_home_shows_the_waiting_queue_in_scope(client, committee_registrar, outsider, make_petition):
    petition = make_petition(committee_registrar)
    client.force_login(committee_registrar)
    response = client.get(reverse("home"))
    assert petition.number in response.content.decode()
    panels = {p["title"]: p for p in response.context["panels"]}
    assert panels["我今天登记的"]["count"] == "1" and panels["待受理"]["count"] == "1"
    client.force_login(outsider)
    assert petition.number not in client.get(reverse("home")).content.decode()


def test_pages_need_login(client):
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
