"""Handling records (办理记录) with attachments."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.lib import limits
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.filetypes import ALLOWED_LABEL, sniff
from xinfang.lib.workflow import record_event
from xinfang.policies.models import policy

from ..inputs import NoteIn
from ..models import Assignment, Attachment, EventKind, HandlingNote, NoteKind, Petition
from ..workflow import check_step, is_owner


@transaction.atomic
def add_handling_note(
    *,
    petition: Petition,
    by: User,
    data: NoteIn,
    files: list[UploadedFile] | None = None,
    assignment: Assignment | None = None,
) -> HandlingNote:
    """Add a handling record, by the responsible organisation or a unit through its active assignment. Every
    file is checked by its content and size first: one bad file refuses the whole record, nothing half-saved."""
    kind, happened_on = data.kind, data.happened_on
    if assignment is None and not is_owner(petition, by):
        assignment = (
            petition.assignments.active().select_related("org").filter(org__in=_user_subtree(by)).first()
        )
    check_step(petition, "add_note", by, assignment)
    files = files or []
    errors = FieldErrors()
    text = errors.check_limits(HandlingNote, {"text": data.text}, fields=("text",))["text"]
    if kind not in NoteKind.values:
        errors.add("kind", "请选择记录类型。")
    if not text:
        errors.add("text", "请填写记录内容。")
    if happened_on is None:
        errors.add("happened_on", "请填写日期。")
    elif happened_on > timezone.localdate():
        errors.add("happened_on", "日期不能晚于今天。")
    else:
        errors.check_date("happened_on", happened_on, label="日期")
    checked = _check_files(files, errors)
    errors.raise_if_any()
    assert happened_on is not None
    note = HandlingNote.objects.create(
        petition=petition,
        assignment=assignment if assignment is not None and not is_owner(petition, by) else None,
        kind=kind,
        text=text.strip(),
        happened_on=happened_on,
        by=by,
    )
    for upload, content, sniffed in checked:
        digest = hashlib.sha256(content).hexdigest()
        attachment = Attachment(
            petition=petition,
            note=note,
            name=_stored_name(upload.name),
            extension=sniffed.extension,
            content_type=sniffed.mime,
            size=len(content),
            sha256=digest,
            uploaded_by=by,
        )
        attachment.file.save(f"{digest[:16]}{sniffed.extension}", ContentFile(content), save=False)
        attachment.save()
    files_note = f"（附件{len(checked)}个）" if checked else ""
    record_event(
        petition,
        by,
        EventKind.NOTE_ADDED,
        f"{NoteKind(kind).label}{files_note}：{text.strip()}",
        note=note.pk,
    )
    return note


def _stored_name(name: str | None) -> str:
    """The uploaded name as kept for display: no control or invisible characters, at most 200 characters."""
    name = limits.clean_text(name or "")
    name = "".join(c for c in name if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
    return name[:200] or "附件"


def _user_subtree(user: User):
    from xinfang.orgs.models import Org

    return Org.objects.subtree(user.org).values("pk") if user.org else Org.objects.none()


def _check_files(files: list[UploadedFile], errors: FieldErrors) -> list:
    """Count and total size first (from the sizes the upload handlers measured, before reading any file)."""
    max_files = policy("attachment_max_files")
    if len(files) > max_files:
        errors.add("files", f"附件：一次最多上传{max_files}个，本次选择了{len(files)}个。")
        return []
    total_mb = policy("attachment_total_mb")
    total = sum(upload.size or 0 for upload in files)
    if total > total_mb * 1024 * 1024:
        errors.add("files", f"附件：一次上传合计不得超过{total_mb}MB，本次合计{total / 1024 / 1024:.1f}MB。")
        return []
    limit_mb = policy("attachment_max_mb")
    checked = []
    for upload in files:
        name = upload.name or "附件"
        if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
            errors.add("files", f"“{name}”超过{limit_mb}MB，不能上传。")
            continue
        content = upload.read()
        if not content:
            errors.add("files", f"“{name}”是空文件。")
            continue
        sniffed = sniff(content[:8192])
        if sniffed is None:
            errors.add("files", f"“{name}”的文件内容不是{ALLOWED_LABEL}，不能上传。")
            continue
        checked.append((upload, content, sniffed))
    return checked
