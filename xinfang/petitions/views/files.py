"""Attachments and generated documents: written and served only through the petition's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from xinfang.lib.exceptions import ActionError

from .. import actions
from ..models import Petition


def _download(file, name: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(petition.attachments.all(), pk=attachment_pk)
    return _download(attachment.file, attachment.name, attachment.content_type)


@login_required
@require_POST
def document_generate(request, pk: int):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "org", "employer", "category", "transferred_to"
        ),
        pk=pk,
    )
    try:
        document = actions.generate_document(
            petition=petition, by=request.user, kind=request.POST.get("kind", "")
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已生成《{document.title}》，可在“文书”中下载。")
    return redirect("petitions:detail", pk=petition.pk)


@login_required
def document_download(request, pk: int, document_pk: int):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    document = get_object_or_404(petition.documents.all(), pk=document_pk)
    name = f"{petition.number}{document.title}.docx"
    return _download(
        document.file, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
