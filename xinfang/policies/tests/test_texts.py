"""The text policies (the office's phone and desk hours printed on the receipt): seeded, read with their
defaults, and edited by administrators on a page of their own beside the limits."""

from xinfang.policies.models import DEFAULTS, TEXT_DEFAULTS, Policy, policy_text


def test_the_texts_are_seeded_and_read(db):
    assert set(Policy.objects.values_list("key", flat=True)) >= set(TEXT_DEFAULTS)
    assert policy_text("office_phone") == "12351"
    Policy.objects.filter(key="office_phone").update(text="0755-25123456")
    assert policy_text("office_phone") == "0755-25123456"
    Policy.objects.filter(key="office_phone").update(text="")
    assert policy_text("office_phone") == "12351"  # left blank: the default, never an empty line on paper


def test_administrators_edit_the_texts_apart_from_the_limits(client, administrator):
    client.force_login(administrator)
    texts = client.get("/admin/policies/policytext/").content.decode()
    assert "查询电话" in texts and "接待时间" in texts and DEFAULTS["handling_days"].label not in texts
    limits = client.get("/admin/policies/policy/").content.decode()
    assert DEFAULTS["handling_days"].label in limits and "查询电话" not in limits
    row = Policy.objects.get(key="office_hours")
    response = client.post(
        f"/admin/policies/policytext/{row.pk}/change/", {"text": "周一至周五 8:30—12:00，14:00—17:30"}
    )
    assert response.status_code == 302
    assert policy_text("office_hours") == "周一至周五 8:30—12:00，14:00—17:30"
