"""A collective contract as a test registers it: a valid regional contract, overridable field by field."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from xinfang.contracts.actions import register_contract
from xinfang.contracts.inputs import ContractIn
from xinfang.imports.tests.conftest import run_import  # noqa: F401  (the import tests' fixture)


def contract_input(**overrides) -> ContractIn:
    values = {
        "contract_type": "regional",
        "kind": "comprehensive",
        "employer_side": "东湖街道企业联合会",
        "worker_side": "东湖街道总工会",
        "employers_covered": 120,
        "sole_traders_covered": 35,
        "workers_covered": 3500,
        "voted_on": date(2026, 9, 5),
        "representatives_total": 60,
        "representatives_present": 52,
        "votes_for": 49,
        "signed_on": date(2026, 9, 10),
        "starts_on": date(2026, 10, 1),
        "ends_on": date(2029, 9, 30),
    }
    return ContractIn.model_validate(values | overrides)


@pytest.fixture
def register(handler):
    def make(by=None, **overrides):
        return register_contract(by=by or handler, data=contract_input(**overrides))

    return make


def run_tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()
