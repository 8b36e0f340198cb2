"""Petition pages: the list and the petition page (pages), workflow steps (steps), files (files)."""

from .files import attachment_download, document_download, document_generate
from .pages import petition_create, petition_detail, petition_list, petition_reveal
from .steps import (
    assignment_finish,
    assignment_return,
    assignment_take,
    petition_assign,
    petition_conclude,
    petition_correct,
    petition_decide,
    petition_extension_decide,
    petition_extension_request,
    petition_hearing,
    petition_note,
    petition_rate,
    petition_reopen,
    petition_review_decide,
    petition_review_request,
    petition_supervise,
)

__all__ = [
    "assignment_finish",
    "assignment_return",
    "assignment_take",
    "attachment_download",
    "document_download",
    "document_generate",
    "petition_assign",
    "petition_conclude",
    "petition_correct",
    "petition_create",
    "petition_decide",
    "petition_detail",
    "petition_extension_decide",
    "petition_extension_request",
    "petition_hearing",
    "petition_list",
    "petition_note",
    "petition_rate",
    "petition_reopen",
    "petition_review_decide",
    "petition_review_request",
    "petition_reveal",
    "petition_supervise",
]
