"""The workflow kit on a ledger of its own (plain objects, no database): check refuses with the reason that failed
(step, ability, status, the ledger's own rule), allowed lists exactly what check would let through."""

from dataclasses import dataclass, field

import pytest

from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.workflow import OWNER, Step, Workflow

OPEN, DONE, FILED = "open", "done", "filed"
LABELS = {OPEN: "在办", DONE: "已办结", FILED: "已归档"}


@dataclass
class Record:
    status: str
    owner: str = "东湖"
    helpers: set[str] = field(default_factory=set)

    def get_status_display(self) -> str:
        return LABELS[self.status]


@dataclass
class Clerk:
    unit: str
    abilities: set[str]

    def can(self, ability: str) -> bool:
        return ability in self.abilities

    def get_role_display(self) -> str:
        return "办事员"


def _may_act(step: Step, record: Record, user: Clerk, through) -> bool:
    if step.actor == OWNER:
        return user.unit == record.owner
    return through in record.helpers and user.unit == through


FLOW = Workflow(
    steps={
        "finish": Step("办结", frozenset({OPEN}), DONE, "test.finish"),
        "file": Step("归档", frozenset({DONE}), FILED, "test.file"),
        "help": Step("协助", frozenset({OPEN}), None, "test.finish", actor="helper"),
    },
    may_act=_may_act,
    noun="测试件",
    not_yours="该测试件由{record.owner}负责，您所在单位不能执行“{step.label}”。",
)


def test_check_returns_the_step_when_everything_holds():
    clerk = Clerk("东湖", {"test.finish"})
    assert FLOW.check(Record(OPEN), "finish", clerk) is FLOW.steps["finish"]


@pytest.mark.parametrize(
    ("record", "name", "clerk", "through", "message"),
    [
        (Record(OPEN), "fly", Clerk("东湖", {"test.finish"}), None, "未知的办理步骤。"),
        (Record(OPEN), "finish", Clerk("东湖", set()), None, "您的角色（办事员）不能执行“办结”。"),
        (
            Record(DONE),
            "finish",
            Clerk("东湖", {"test.finish"}),
            None,
            "该测试件当前状态为“已办结”，不能执行“办结”。",
        ),
        (
            Record(OPEN),
            "finish",
            Clerk("西湖", {"test.finish"}),
            None,
            "该测试件由东湖负责，您所在单位不能执行“办结”。",
        ),
        (
            Record(OPEN, helpers={"南湖"}),
            "help",
            Clerk("西湖", {"test.finish"}),
            "西湖",
            "该测试件由东湖负责，您所在单位不能执行“协助”。",
        ),
    ],
)
def test_check_says_which_condition_failed(record, name, clerk, through, message):
    with pytest.raises(NotAllowed) as refused:
        FLOW.check(record, name, clerk, through)
    assert refused.value.message == message


def test_the_ledgers_rule_receives_what_the_user_acts_through():
    record = Record(OPEN, helpers={"南湖"})
    helper = Clerk("南湖", {"test.finish"})
    assert FLOW.check(record, "help", helper, "南湖").label == "协助"
    assert FLOW.allowed(record, helper, "南湖") == ["help"]
    assert FLOW.allowed(record, helper) == []


def test_allowed_lists_exactly_the_steps_check_lets_through():
    owner = Clerk("东湖", {"test.finish", "test.file"})
    assert FLOW.allowed(Record(OPEN), owner) == ["finish"]
    assert FLOW.allowed(Record(DONE), owner) == ["file"]
    assert FLOW.allowed(Record(FILED), owner) == []
    assert FLOW.allowed(Record(DONE), Clerk("东湖", {"test.finish"})) == []
    assert FLOW.allowed(Record(OPEN), Clerk("西湖", {"test.finish", "test.file"})) == []
