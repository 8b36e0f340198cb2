"""Workflow steps on petitions. Each is one function: keyword-only, one transaction, records its event, and
raises ValidationError (by field) or an ActionError (NotAllowed, Conflict) with a Chinese message."""

from .assignments import assign_petition, finish_assignment, return_assignment, take_assignment
from .clocks import start_clock
from .documents import generate_document
from .handling import (
    conclude_petition,
    decide_extension,
    rate_petition,
    request_extension,
    supervise_petition,
)
from .intake import decide_intake
from .notes import add_handling_note
from .registration import (
    CORRECTABLE,
    correct_petition,
    is_collective_visit,
    register_petition,
)
from .reviews import (
    decide_review,
    record_hearing,
    reopen_petition,
    request_review,
    review_bodies,
    terminate_lapsed,
)

__all__ = [
    "add_handling_note",
    "assign_petition",
    "decide_review",
    "finish_assignment",
    "generate_document",
    "reopen_petition",
    "request_review",
    "return_assignment",
    "review_bodies",
    "record_hearing",
    "take_assignment",
    "terminate_lapsed",
    "CORRECTABLE",
    "conclude_petition",
    "correct_petition",
    "decide_extension",
    "decide_intake",
    "is_collective_visit",
    "rate_petition",
    "register_petition",
    "request_extension",
    "start_clock",
    "supervise_petition",
]
