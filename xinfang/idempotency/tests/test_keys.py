"""An ``Idempotency-Key`` on a creating API request: a retry gets the first answer and creates nothing; the key
is stored in the transaction of the record; the same key with another body is refused in Chinese."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.consultations.models import Consultation
from xinfang.idempotency.models import IdempotencyKey
from xinfang.mediations.models import Mediation
from xinfang.petitions.models import Petition


def _petition(category, **overrides):
    data = {
        "channel": "phone",
        "received_at": timezone.now().isoformat(),
        "kind": "claim",
        "category_id": category.pk,
        "request": "要求支付工资",
        "facts": "拖欠两个月",
        "reasons": "依法应支付",
        "petitioners": [{"name": "王五", "phone": "13700001111"}],
    }
    return data | overrides


@pytest.fixture
def token(registrar):
    _, key = ApiToken.issue(user=registrar, name="12351热线系统")
    return key


def _post(client, path, data, token, key):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(path, data, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_returns_the_first_answer_and_registers_once(client, token, category):
    data = _petition(category)
    first = _post(client, "/api/v1/petitions", data, token, "retry-1")
    again = _post(client, "/api/v1/petitions", data, token, "retry-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert Petition.objects.count() == 1
    assert IdempotencyKey.objects.get().body == first.content.decode()


def test_without_a_key_each_request_registers(client, token, category):
    data = _petition(category)
    assert _post(client, "/api/v1/petitions", data, token, None).status_code == 201
    assert _post(client, "/api/v1/petitions", data, token, None).status_code == 201
    assert Petition.objects.count() == 2


def test_the_same_key_with_another_body_is_422_in_chinese(client, token, category):
    assert _post(client, "/api/v1/petitions", _petition(category), token, "k").status_code == 201
    other = _post(client, "/api/v1/petitions", _petition(category, facts="另一件事"), token, "k")
    assert other.status_code == 422
    assert "幂等键已用于另一个请求" in other.json()["errors"]["Idempotency-Key"][0]
    assert Petition.objects.count() == 1


def test_a_key_belongs_to_its_user(client, token, handler, category):
    data = _petition(category)
    assert _post(client, "/api/v1/petitions", data, token, "shared").status_code == 201
    _, other = ApiToken.issue(user=handler, name="另一系统")
    assert _post(client, "/api/v1/petitions", data, other, "shared").status_code == 201
    assert Petition.objects.count() == 2


def test_a_refused_request_stores_no_key_and_may_be_retried(client, token, category):
    bad = _petition(category, petitioners=[{"name": "王五", "id_number": "110105194912310021"}])
    assert _post(client, "/api/v1/petitions", bad, token, "fix-me").status_code == 422
    assert not IdempotencyKey.objects.exists()
    # After correcting the body, the same key is a new request.
    assert _post(client, "/api/v1/petitions", _petition(category), token, "fix-me").status_code == 201
    assert Petition.objects.count() == 1


def test_the_key_is_forgotten_after_24_hours(client, token, category, frozen_clock):
    data = _petition(category)
    assert _post(client, "/api/v1/petitions", data, token, "daily").status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        data = _petition(category)
        assert _post(client, "/api/v1/petitions", data, token, "daily").status_code == 201
    assert Petition.objects.count() == 2


def test_a_malformed_key_is_refused(client, token, category):
    response = _post(client, "/api/v1/petitions", _petition(category), token, "x" * 101)
    assert response.status_code == 422 and "幂等键" in response.json()["errors"]["Idempotency-Key"][0]
    assert Petition.objects.count() == 0


def test_no_key_is_stored_when_the_record_is_rolled_back(client, token, category, monkeypatch):
    """The key is written in the record's transaction: if storing it fails, the record is not kept either."""
    from django.db import IntegrityError

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(IdempotencyKey.objects, "create", fail)
    with pytest.raises(IntegrityError):
        _post(client, "/api/v1/petitions", _petition(category), token, "atomic")
    assert Petition.objects.count() == 0


def test_mediation_and_consultation_creation_take_a_key_too(client, handler, employer):
    _, token = ApiToken.issue(user=handler, name="t")
    mediation = {
        "body": "federation",
        "application_form": "oral",
        "received_on": timezone.localdate().isoformat(),
        "dispute_type": "contract",
        "claims": "支付工资",
        "workers": [{"name": "张三"}],
        "employer_id": employer.pk,
    }
    first = _post(client, "/api/v1/mediations", mediation, token, "m-1")
    assert first.status_code == 201, first.content
    assert _post(client, "/api/v1/mediations", mediation, token, "m-1").content == first.content
    assert Mediation.objects.count() == 1
    consultation = {
        "asked_at": timezone.now().isoformat(),
        "channel": "phone",
        "topic": "wages",
        "question": "加班费怎么算",
        "answer": "按劳动法第四十四条",
    }
    first = _post(client, "/api/v1/consultations", consultation, token, "c-1")
    assert first.status_code == 201, first.content
    assert _post(client, "/api/v1/consultations", consultation, token, "c-1").content == first.content
    assert Consultation.objects.count() == 1


def test_a_concurrent_duplicate_is_rolled_back_and_answered_as_a_retry(client, token, category, monkeypatch):
    """Two requests with one key at the same moment: both miss the key at first; the later one's insert of the
    key fails on the unique constraint, its petition is rolled back with it, and it gets the first answer."""
    from xinfang.idempotency import keys

    data = _petition(category)
    first = _post(client, "/api/v1/petitions", data, token, "race")
    real_prior = keys._prior
    calls = {"n": 0}

    def miss_once(user, key):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_prior(user, key)

    monkeypatch.setattr(keys, "_prior", miss_once)
    second = _post(client, "/api/v1/petitions", data, token, "race")
    assert second.status_code == 201 and second.content == first.content
    assert Petition.objects.count() == 1 and IdempotencyKey.objects.count() == 1
