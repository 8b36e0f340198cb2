"""Attachments and generated documents: written and served only through the petition's scope, and, where they
may carry the petitioner's identity, only to those who may see it (``Petition.identity_visible_to``). Serving,
the access log and a missing file's 404 are ``xinfang.documents.downloads``."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from xinfang.documents.downloads import DOCX, serve_page
from xinfang.lib.steps import run_step

from .. import actions, letters
from ..forms import DocumentForm
from ..inputs import DocumentIn
from ..models import Petition


def documents_for(petition: Petition, user) -> models.QuerySet:
    """The generated documents the user may download (and is offered on the page and in the API list): all of
    them where he may see the petitioners, else only the kinds that carry no identity (``letters.names_petitioner``:
    the 调查核实函 of a confidential case, written from a neutral summary)."""
    documents = petition.documents.all()
    if petition.identity_visible_to(user):
        return documents
    return documents.filter(
        kind__in=[k for k in letters.TEMPLATES if not letters.names_petitioner(k, petition)]
    )


def attachments_for(petition: Petition, user) -> models.QuerySet:
    """The attachments the user may download. Materials of a confidential case (the accuser's letter, evidence)
    may carry the identity: all of them where he may see the petitioners, else only what he uploaded himself."""
    attachments = petition.attachments.all()
    if petition.identity_visible_to(user):
        return attachments
    return attachments.filter(uploaded_by=user)


def attachment_filename(attachment) -> str:
    """The uploaded name's stem with the extension of the type read from the content, never the uploaded
    extension: a PDF uploaded as ``poly.html`` downloads as ``poly.pdf``."""
    stem = PurePath((attachment.name or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return f"{stem.strip() or '附件'}{attachment.extension}"


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(attachments_for(petition, request.user), pk=attachment_pk)
    return serve_page(
        request,
        file=attachment.file,
        name=attachment_filename(attachment),
        content_type=attachment.content_type,
        obj=attachment,
        what="附件",
    )


@login_required
@require_POST
def document_generate(request, pk: int):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "org", "employer", "category", "transferred_to"
        ),
        pk=pk,
    )
    return run_step(
        request,
        petition,
        DocumentForm(request.POST),
        lambda document: f"已生成《{document.title}》，可在“文书”中下载。",
        lambda p, data: actions.generate_document(petition=p, by=request.user, data=data),
        "petitions:detail",
        model=DocumentIn,
    )


@login_required
def document_download(request, pk: int, document_pk: int):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    document = get_object_or_404(documents_for(petition, request.user), pk=document_pk)
    return serve_page(
        request,
        file=document.file,
        name=f"{petition.number}{document.title}.docx",
        content_type=DOCX,
        obj=document,
        what="文书",
    )
