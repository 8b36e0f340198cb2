"""The workers' congress vote (劳动合同法 第五十一条): at least two thirds of all representatives present, more than
half of all representatives (not of those present) for; a refusal names the field, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from xinfang.contracts.models import Contract
from xinfang.contracts.rules import majority, quorum, vote_problems


@pytest.mark.parametrize(
    ("total", "quorum_", "majority_"),
    [(30, 20, 16), (31, 21, 16), (1, 1, 1), (2, 2, 2), (3, 2, 2), (100, 67, 51)],
)
def test_quorum_and_majority_by_hand(total, quorum_, majority_):
    assert (quorum(total), majority(total)) == (quorum_, majority_)


@pytest.mark.parametrize(
    ("total", "present", "votes_for", "refused"),
    [
        (30, 20, 16, set()),  # exactly two thirds present, one more than half for
        (30, 19, 16, {"representatives_present"}),  # one short of two thirds
        (30, 20, 15, {"votes_for"}),  # exactly half of all is not more than half
        (30, 30, 15, {"votes_for"}),  # more than half of those present would not do either
        (31, 21, 16, set()),
        (31, 20, 16, {"representatives_present"}),  # 20 < 2/3 × 31 = 20.67
        (30, 31, 16, {"representatives_present"}),  # more present than there are
        (30, 20, 21, {"votes_for"}),  # more votes than present
    ],
)
def test_the_vote_rule_at_its_edges(total, present, votes_for, refused):
    assert set(vote_problems(total=total, present=present, votes_for=votes_for)) == refused


def test_a_vote_short_of_the_quorum_is_refused_by_the_action_naming_the_field(register):
    with pytest.raises(ValidationError) as caught:
        register(representatives_total=60, representatives_present=39, votes_for=35)
    errors = caught.value.message_dict
    assert set(errors) == {"representatives_present"}
    assert errors["representatives_present"] == [
        "出席代表人数（39）不足职工代表总数（60）的三分之二（至少40人），职代会审议集体合同草案无效（劳动合同法第五十一条）。"
    ]
    assert Contract.objects.count() == 0


def test_half_of_all_representatives_for_is_refused_by_the_action(register):
    with pytest.raises(ValidationError) as caught:
        register(representatives_total=60, representatives_present=60, votes_for=30)
    assert caught.value.message_dict["votes_for"] == [
        "赞成票数（30）未超过职工代表总数（60）的半数（至少31票），集体合同草案未获通过（劳动合同法第五十一条）。"
    ]
    assert Contract.objects.count() == 0


def test_the_database_refuses_a_vote_the_rule_refuses(register):
    """The check constraint is the last line: a vote written past the action."""
    from django.db import IntegrityError, transaction

    contract = register()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(votes_for=30)
