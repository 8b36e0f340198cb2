"""Handling records with attachments: type checked from content, stored outside the web root, served scoped."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinfang.petitions.actions import add_handling_note
from xinfang.petitions.inputs import NoteIn
from xinfang.petitions.models import Attachment, EventKind, HandlingNote, NoteKind
from xinfang.policies.models import Policy

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def note(petition, by, files=(), **overrides):
    data: dict[str, Any] = {
        "kind": NoteKind.INVESTIGATION,
        "text": "到单位核实工资发放台账。",
        "happened_on": timezone.localdate(),
    }
    data.update(overrides)
    return add_handling_note(petition=petition, by=by, files=list(files), data=NoteIn(**data))


def test_note_with_a_pdf_is_kept_outside_the_web_root(accepted, handler, private_files):
    n = note(accepted, handler, [SimpleUploadedFile("工资台账.pdf", PDF, "application/pdf")])
    attachment = n.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    path = attachment.file.path
    assert path.startswith(str(private_files)) and not path.startswith(str(settings.STATIC_ROOT))
    assert Path(path).read_bytes() == PDF
    assert accepted.events.filter(kind=EventKind.NOTE_ADDED, summary__contains="附件1个").exists()


def test_a_program_named_pdf_is_refused_and_nothing_is_saved(accepted, handler):
    good = SimpleUploadedFile("a.pdf", PDF)
    bad = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00" + b"\0" * 200, "application/pdf")
    with pytest.raises(ValidationError) as e:
        note(accepted, handler, [good, bad])
    assert "“发票.pdf”的文件内容不是PDF" in e.value.message_dict["files"][0]
    assert not HandlingNote.objects.exists() and not Attachment.objects.exists()


def test_size_limit_is_a_policy(accepted, handler):
    Policy.objects.filter(key="attachment_max_mb").update(value=1)
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError) as e:
        note(accepted, handler, [big])
    assert e.value.message_dict["files"] == ["“big.pdf”超过1MB，不能上传。"]


def test_note_needs_text_and_a_past_date(accepted, handler):
    with pytest.raises(ValidationError) as e:
        note(accepted, handler, text=" ", happened_on=timezone.localdate().replace(year=2099))
    assert set(e.value.message_dict) == {"text", "happened_on"}


def test_registered_petition_takes_no_notes(registrar, handler, make_petition):
    from xinfang.lib.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        note(make_petition(registrar), handler)


def test_upload_page_and_scoped_download(client, accepted, handler, outsider):
    client.force_login(handler)
    response = client.post(
        reverse("petitions:note", args=[accepted.pk]),
        {
            "kind": "talk",
            "happened_on": timezone.localdate().isoformat(),
            "text": "约谈单位负责人",
            "attachments": [SimpleUploadedFile("约谈记录.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    url = reverse("petitions:attachment", args=[accepted.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
