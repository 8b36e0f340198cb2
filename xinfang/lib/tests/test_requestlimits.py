"""The request size cap (refused before the body is read) and the per-record caps on attachments."""

import io
from typing import cast

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.urls import reverse
from django.utils import timezone

from xinfang.petitions.models import Attachment, HandlingNote
from xinfang.policies.models import Policy

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UnreadableBody(io.RawIOBase):
    """A wsgi.input that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = readinto = read


def send(path: str, client, **environ):
    """One request through the whole stack (every middleware, then the view), with a body nobody may read."""
    base = RequestFactory().post(path).environ
    base.update(
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        **{"wsgi.input": UnreadableBody()},
    )
    base.update(environ)
    response = cast(HttpResponse, ClientHandler(enforce_csrf_checks=False)(base))
    return response.status_code, response.headers, response.content.decode()


def test_a_300_mb_upload_is_refused_with_413_before_its_body_is_read(client, accepted, handler):
    client.force_login(handler)
    status, headers, body = send(
        reverse("petitions:note", args=[accepted.pk]), client, CONTENT_LENGTH=str(300 * 1024 * 1024)
    )
    assert status == 413 and headers["Content-Type"].startswith("text/html")
    assert "超过了单次提交60MB的上限" in body and "300.0MB" in body
    assert not HandlingNote.objects.exists()


def test_the_api_answers_an_over_size_request_in_json(client, accepted, handler):
    client.force_login(handler)
    status, headers, body = send(
        f"/api/v1/petitions/{accepted.pk}/notes", client, CONTENT_LENGTH=str(61 * 1024 * 1024)
    )
    assert status == 413 and headers["Content-Type"] == "application/json"
    assert "超过了单次提交60MB的上限" in body
    assert not HandlingNote.objects.exists()


def test_the_cap_is_a_setting(client, accepted, handler, settings):
    settings.MAX_REQUEST_MB = 1
    client.force_login(handler)
    status, _, body = send(reverse("petitions:note", args=[accepted.pk]), client, CONTENT_LENGTH="1048577")
    assert status == 413 and "1MB的上限" in body


def test_a_chunked_body_without_length_is_refused_not_read_as_empty(client, accepted, handler):
    client.force_login(handler)
    status, _, body = send(
        reverse("petitions:note", args=[accepted.pk]),
        client,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert status == 411 and "缺少内容长度" in body


def test_a_body_within_the_cap_reaches_the_view(client, accepted, handler):
    client.force_login(handler)
    response = client.post(
        reverse("petitions:note", args=[accepted.pk]),
        {"kind": "talk", "happened_on": timezone.localdate().isoformat(), "text": "约谈", "attachments": []},
    )
    assert response.status_code == 302 and HandlingNote.objects.count() == 1


def note_data(files):
    return {
        "kind": "talk",
        "happened_on": timezone.localdate().isoformat(),
        "text": "约谈单位负责人",
        **files,
    }


def pdfs(count, size=0):
    return [SimpleUploadedFile(f"记录{i}.pdf", PDF + b"\0" * max(0, size - len(PDF))) for i in range(count)]


def test_eleven_files_in_one_note_are_refused_and_nothing_is_saved(client, accepted, handler, private_files):
    client.force_login(handler)
    page = client.post(
        reverse("petitions:note", args=[accepted.pk]), note_data({"attachments": pdfs(11)}), follow=True
    )
    assert "附件：一次最多上传10个，本次选择了11个。" in page.content.decode()
    answer = client.post(f"/api/v1/petitions/{accepted.pk}/notes", note_data({"files": pdfs(11)}))
    assert answer.status_code == 422
    assert answer.json()["errors"]["files"] == ["附件：一次最多上传10个，本次选择了11个。"]
    assert not HandlingNote.objects.exists() and not Attachment.objects.exists()
    assert not list(private_files.rglob("*.pdf"))


@pytest.fixture
def total_cap_of_1_mb(db):
    Policy.objects.update_or_create(
        key="attachment_total_mb", defaults={"value": 1, "label": "附件合计上限（MB）"}
    )


def test_files_over_the_total_size_are_refused_and_nothing_is_saved(
    client, accepted, handler, private_files, total_cap_of_1_mb
):
    client.force_login(handler)
    three = pdfs(3, size=400 * 1024)  # each far under the 20 MB per-file limit, 1.2 MB together
    page = client.post(
        reverse("petitions:note", args=[accepted.pk]), note_data({"attachments": three}), follow=True
    )
    assert "附件：一次上传合计不得超过1MB，本次合计1.2MB。" in page.content.decode()
    answer = client.post(
        f"/api/v1/petitions/{accepted.pk}/notes", note_data({"files": pdfs(3, size=400 * 1024)})
    )
    assert answer.status_code == 422 and "合计不得超过1MB" in answer.json()["errors"]["files"][0]
    assert not HandlingNote.objects.exists() and not Attachment.objects.exists()
    assert not list(private_files.rglob("*.pdf"))


def test_files_within_both_caps_are_kept(client, accepted, handler, private_files, total_cap_of_1_mb):
    client.force_login(handler)
    response = client.post(
        reverse("petitions:note", args=[accepted.pk]), note_data({"attachments": pdfs(2, size=400 * 1024)})
    )
    assert response.status_code == 302 and Attachment.objects.count() == 2
