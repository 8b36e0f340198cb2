"""Writing a notice or letter for a petition and keeping it with the petition."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from xinfang.accounts.models import User
from xinfang.documents.registry import templates
from xinfang.documents.render import render
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.workflow import record_event

from .. import letters
from ..inputs import DocumentIn
from ..models import EventKind, Petition, PetitionDocument
from ..workflow import RECORD, is_owner


@transaction.atomic
def generate_document(*, petition: Petition, by: User, data: DocumentIn) -> PetitionDocument:
    """Render document ``data.kind`` from the petition's current data and store it with the petition (each time
    a new file; earlier ones stay). ``data.summary``: the neutral summary of the matters to verify that the
    调查核实函 of a confidential case carries instead of the petitioner's text (required there, ignored
    elsewhere)."""
    kind, summary = data.kind, data.summary
    spec = templates().get(kind)
    if spec is None or kind not in letters.TEMPLATES:
        raise NotAllowed("未知的文书类型。")
    if not by.can(RECORD) or not is_owner(petition, by):
        raise NotAllowed("只有责任单位的工作人员可以生成文书。")
    if not letters.available(kind, petition):
        raise NotAllowed(f"该信访件当前不能生成《{spec.title}》。")
    if letters.names_petitioner(kind, petition) and not petition.identity_visible_to(by):
        # A document naming a confidential case's petitioners is written only by who may see them.
        raise NotAllowed(f"《{spec.title}》载有保密信访人的身份信息，您不能生成。")
    if letters.needs_summary(kind, petition):
        letters.check_summary(petition, summary, by)
    else:
        summary = ""
    content = render(kind, letters.context(kind, petition, by, summary=summary))
    document = PetitionDocument(petition=petition, kind=kind, title=spec.title, generated_by=by)
    document.file.save(f"{petition.pk}-{kind}.docx", ContentFile(content), save=False)
    document.save()
    record_event(petition, by, EventKind.DOCUMENT_GENERATED, f"生成《{spec.title}》")
    return document
