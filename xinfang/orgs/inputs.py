"""The input of the employer register's creating action, declared once (a ninja ``Schema`` whose limits come from
the model columns): the action takes it and the API operation takes it as its body."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import limit

from .models import CONFIRM_NEW, Employer


class EmployerIn(Schema):
    name: str = limit(Employer, "name")
    credit_code: str = limit(Employer, "credit_code", default="")
    industry: str = limit(Employer, "industry", default="")
    ownership: str = limit(Employer, "ownership", default="")
    address: str = limit(Employer, "address", default="")
    legal_representative: str = limit(Employer, "legal_representative", default="")
    employees: int | None = limit(Employer, "employees", default=None)
    has_union: bool = Field(default=False, title="已建工会")
    # A new employer although registered ones have close names.
    confirm_new: bool = Field(default=False, title="确认新建用人单位", description=CONFIRM_NEW)
