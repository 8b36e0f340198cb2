"""The input of the consultation action, declared once (a ninja ``Schema`` whose limits come from the model
columns): the action takes it, the API operation takes it as its body, and the page turns its form's cleaned data
into it (``lib.steps.input_from``). Converting a consultation takes the petition's or the mediation's own
registration input (``petitions.inputs.PetitionIn``, ``mediations.inputs.MediationIn``)."""

from __future__ import annotations

from ninja import Schema
from pydantic import AwareDatetime

from xinfang.lib.apifields import limit
from xinfang.people.models import Person

from .models import Consultation


class ConsultationIn(Schema):
    """``asked_at`` carries its time zone (``+08:00``); a moment without one is refused."""

    asked_at: AwareDatetime = limit(Consultation, "asked_at")
    channel: str = limit(Consultation, "channel")
    topic: str = limit(Consultation, "topic")
    question: str = limit(Consultation, "question", default="")
    answer: str = limit(Consultation, "answer", default="")
    people_count: int = limit(Consultation, "people_count", default=1)
    person_name: str = limit(Consultation, "person_name", default="")
    id_number: str = limit(Person, "id_number", default="")
    # None: the user's own organisation.
    org_id: int | None = limit(Consultation, "org", default=None)
