"""What the kit promises every registered ledger (the congress ledger's own tests exercise the pages)."""

import pytest
from django.db import models

from xinfang.api import api
from xinfang.ledgerkit.declaration import ledgers, register_ledger
from xinfang.ledgerkit.listing import for_list, visible

LEDGERS = ledgers()


def test_a_ledger_registered_twice_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        register_ledger(LEDGERS[0])


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda item: item.key)
def test_the_api_body_of_create_and_update_is_the_ledgers_input(ledger):
    paths = api.get_openapi_schema()["paths"]
    for path, method in ((f"/api/v1/{ledger.key}", "post"), (f"/api/v1/{ledger.key}/{{record_id}}", "put")):
        body = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith(f"/{ledger.input.__name__}")


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda item: item.key)
def test_the_list_loads_no_long_text(ledger, registrar):
    loaded, _ = for_list(ledger, visible(ledger, registrar)).query.deferred_loading
    long_texts = {f.name for f in ledger.model._meta.concrete_fields if isinstance(f, models.TextField)}
    assert loaded and not (set(loaded) & long_texts)


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda item: item.key)
def test_the_scope_indexes_lead_with_the_scope_columns_and_the_date(ledger):
    fields = {tuple(index.fields) for index in ledger.model._meta.indexes}
    assert all((f"org_level{d}", ledger.date_field, "id") in fields for d in (1, 2, 3, 4))
