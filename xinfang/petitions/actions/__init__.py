"""Workflow steps on petitions. Each is one function: keyword-only, one transaction, records its event, and
raises ValidationError (by field) or an ActionError (NotAllowed, Conflict) with a Chinese message."""

from .clocks import start_clock
from .handling import (
    conclude_petition,
    decide_extension,
    rate_petition,
    request_extension,
    supervise_petition,
)
from .intake import decide_intake
from .registration import (
    CORRECTABLE,
    EmployerInput,
    PetitionerInput,
    PetitionInput,
    correct_petition,
    is_collective_visit,
    register_petition,
)

__all__ = [
    "CORRECTABLE",
    "EmployerInput",
    "PetitionInput",
    "PetitionerInput",
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
