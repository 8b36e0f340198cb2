"""The petition models, split by subdomain; import them from here."""

from .assignments import ACTIVE as ACTIVE_ASSIGNMENT
from .assignments import Assignment, AssignmentQuerySet
from .choices import (
    REJECT_REASONS_IN_FORCE,
    AssignmentRole,
    AssignmentStatus,
    Channel,
    Delivery,
    IntakeDecision,
    Kind,
    NoteKind,
    Outcome,
    PetitionerRole,
    Rating,
    RatingMethod,
    RejectReason,
    ReturnReason,
    ReviewDirection,
    ReviewLevel,
    ReviewResult,
    Source,
    Status,
    TerminationReason,
)
from .clocks import REQUEST_WINDOWS, Clock, ClockKind, ClockQuerySet, Extension
from .documents import PetitionDocument
from .handling import Attachment, HandlingNote
from .history import EventKind, PetitionEvent
from .petition import (
    Category,
    Petition,
    PetitionCounter,
    Petitioner,
    PetitionQuerySet,
    identity_visible_q,
    show_names,
)
from .reviews import Review

__all__ = [
    "ACTIVE_ASSIGNMENT",
    "REJECT_REASONS_IN_FORCE",
    "REQUEST_WINDOWS",
    "Assignment",
    "AssignmentQuerySet",
    "AssignmentRole",
    "AssignmentStatus",
    "Attachment",
    "Category",
    "Channel",
    "Clock",
    "ClockKind",
    "ClockQuerySet",
    "Delivery",
    "EventKind",
    "Extension",
    "HandlingNote",
    "IntakeDecision",
    "Kind",
    "NoteKind",
    "Outcome",
    "Petition",
    "PetitionCounter",
    "PetitionDocument",
    "PetitionEvent",
    "PetitionQuerySet",
    "Petitioner",
    "PetitionerRole",
    "Rating",
    "RatingMethod",
    "RejectReason",
    "ReturnReason",
    "Review",
    "ReviewDirection",
    "ReviewLevel",
    "ReviewResult",
    "Source",
    "Status",
    "TerminationReason",
    "identity_visible_q",
    "show_names",
]
