import pytest
from django.core.exceptions import ImproperlyConfigured

from xinfang.delegates import tables as delegate_tables
from xinfang.documents import registry
from xinfang.documents.layout import Block
from xinfang.documents.registry import TemplateSpec, register_templates, templates
from xinfang.mediations import letters as mediation_letters
from xinfang.petitions import letters as petition_letters


def test_the_kinds_of_document_are_those_both_ledgers_registered():
    assert set(petition_letters.TEMPLATES).isdisjoint(mediation_letters.TEMPLATES)
    assert set(templates()) == (
        set(petition_letters.TEMPLATES) | set(mediation_letters.TEMPLATES) | set(delegate_tables.TEMPLATES)
    )
    assert templates()["accept_notice"] is petition_letters.TEMPLATES["accept_notice"]
    assert all(templates()[kind] is spec for kind, spec in mediation_letters.TEMPLATES.items())


def test_a_new_kind_is_read_back_after_the_registered_ones(monkeypatch):
    monkeypatch.setattr(registry, "_TEMPLATES", dict(registry._TEMPLATES))
    spec = TemplateSpec(title="测试文书", blocks=(Block("title", "测试"),))
    register_templates({"test_letter": spec})
    assert templates()["test_letter"] is spec
    assert list(templates())[-1] == "test_letter"


def test_a_kind_registered_twice_is_refused_and_nothing_of_the_batch_is_added(monkeypatch):
    monkeypatch.setattr(registry, "_TEMPLATES", dict(registry._TEMPLATES))
    before = dict(templates())
    spec = TemplateSpec(title="重复", blocks=())
    with pytest.raises(ImproperlyConfigured, match="accept_notice"):
        register_templates({"new_kind": spec, "accept_notice": spec})
    assert dict(templates()) == before


def test_what_templates_returns_cannot_change_the_registry():
    with pytest.raises(TypeError):
        templates()["accept_notice"] = TemplateSpec(title="改", blocks=())  # type: ignore[index]
