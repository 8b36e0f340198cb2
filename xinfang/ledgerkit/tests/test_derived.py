"""What the kit derives for a simple ledger that leaves it out of its declaration (the congress ledger declares
no input, form, filters, actions, ability or natural key): the parts follow the model and refuse in Chinese by
field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xinfang.accounts.abilities import ability
from xinfang.ledgerkit.declaration import Ledger, ledgers
from xinfang.lib.exceptions import NotAllowed

CONGRESSES: Ledger = next(item for item in ledgers() if item.key == "congresses")
GOOD = {
    "union_name": "东湖餐饮行业工会联合会",
    "level": "industry",
    "held_on": "2026-03-18",
    "term": 2,
    "term_start": "2025-01-01",
    "term_end": "2027-12-31",
    "representatives": 205,
    "present": 198,
}


def refusals(by, **changes) -> dict[str, list[str]]:
    data = CONGRESSES.input.model_construct(**(CONGRESSES.input.model_validate(GOOD).model_dump() | changes))
    assert CONGRESSES.validate is not None
    with pytest.raises(ValidationError) as refused:
        CONGRESSES.validate(by=by, data=data)
    return refused.value.message_dict


def test_the_input_takes_its_fields_and_limits_from_the_model():
    schema = CONGRESSES.input.model_json_schema()
    fields = schema["properties"]
    assert CONGRESSES.input.__name__ == "CongressIn"
    assert fields["union_name"]["maxLength"] == 100 and fields["union_name"]["title"] == "召开工会"
    assert fields["term"]["minimum"] == 1 and fields["representatives"]["minimum"] == 1
    assert fields["level"]["enum"] == ["enterprise", "regional", "industry"]
    assert fields["employer_count"]["default"] == 1 and fields["agenda"]["default"] == ""
    assert fields["employers"]["type"] == "array" and {"org_id", "version"} <= set(fields)
    assert set(schema["required"]) == set(GOOD)


def test_the_form_has_the_columns_fields_and_employers_one_a_line(registrar):
    form = CONGRESSES.form(user=registrar)
    assert list(form.fields)[:3] == ["union_name", "held_on", "level"] and list(form.fields)[-1] == "org"
    assert "每行一个" in str(form.fields["employers"].label) and not form.fields["employers"].required
    assert (
        form.fields["agenda"].required is False
        and form.fields["union_name"].widget.attrs["maxlength"] == "100"
    )


def test_the_filters_are_the_domain_date_the_choices_and_the_keyword():
    filters = CONGRESSES.filterset.base_filters
    assert set(filters) == {"q", "org", "held_from", "held_to", "level"}
    assert filters["held_from"].label == "召开日期自" and filters["level"].extra["empty_label"] == "全部类型"
    assert CONGRESSES.filterset.search_placeholder == "召开工会"


def test_the_ability_and_the_natural_key_come_from_the_declaration_and_the_model():
    assert CONGRESSES.ability == "congresses.record"
    assert ability("congresses.record").description == "登记、修改和导入职代会台账"
    assert CONGRESSES.key_fields == ("union_name", "held_on")
    assert CONGRESSES.natural_key == "召开工会和召开日期"


def test_a_check_constraint_on_two_fields_is_refused_once_under_its_field(committee_registrar):
    assert refusals(committee_registrar, present=206)["present"] == ["实到代表不能多于代表总数。"]
    problems = refusals(committee_registrar, term_end=date(2024, 12, 31))
    assert problems["term_end"] == ["本届届满日期不能早于起始日期。"] and "held_on" not in problems


def test_input_built_in_code_is_still_refused_by_the_action(committee_registrar):
    """The input model refuses these first; the action refuses them again for input built without it."""
    problems = refusals(committee_registrar, level="nonsense", union_name="", org_id=10**9)
    assert problems["level"] == ["请选择类型。"] and problems["union_name"] == ["请填写召开工会。"]
    assert problems["org"] == ["所选组织不在您的管辖范围内。"]


def test_the_actions_check_who_may_act(leader):
    assert CONGRESSES.validate is not None
    with pytest.raises(NotAllowed, match="不能登记职代会"):
        CONGRESSES.validate(by=leader, data=CONGRESSES.input.model_validate(GOOD))
