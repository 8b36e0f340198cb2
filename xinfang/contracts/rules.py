"""The legal conditions on a collective contract that need no database (劳动合同法 第五十一条; 集体合同规定).

The workers' congress vote: the draft is adopted when **at least two thirds of all representatives** are present
and **more than half of all representatives** (not of those present) vote for it. Counts are whole numbers, so the
comparisons are exact: present × 3 ≥ total × 2, and for × 2 > total."""

from __future__ import annotations


def quorum(total: int) -> int:
    """The fewest representatives present for a valid vote: two thirds of ``total``, rounded up."""
    return -(-2 * total // 3)


def majority(total: int) -> int:
    """The fewest votes for adoption: more than half of all ``total`` representatives."""
    return total // 2 + 1


def vote_problems(*, total: int | None, present: int | None, votes_for: int | None) -> dict[str, str]:
    """What is wrong with a congress vote, by field (``representatives_total``, ``representatives_present``,
    ``votes_for``); empty when the vote adopted the draft."""
    problems: dict[str, str] = {}
    if total is None or total < 1:
        problems["representatives_total"] = "请填写职工代表总数（至少1人）。"
    if present is None or present < 0:
        problems["representatives_present"] = "请填写出席职代会的代表人数。"
    if votes_for is None or votes_for < 0:
        problems["votes_for"] = "请填写赞成票数。"
    if problems:
        return problems
    assert total is not None and present is not None and votes_for is not None
    if present > total:
        problems["representatives_present"] = f"出席代表人数（{present}）不能多于职工代表总数（{total}）。"
    elif present < quorum(total):
        problems["representatives_present"] = (
            f"出席代表人数（{present}）不足职工代表总数（{total}）的三分之二（至少{quorum(total)}人），"
            "职代会审议集体合同草案无效（劳动合同法第五十一条）。"
        )
    if votes_for > present:
        problems["votes_for"] = f"赞成票数（{votes_for}）不能多于出席代表人数（{present}）。"
    elif votes_for < majority(total):
        problems["votes_for"] = (
            f"赞成票数（{votes_for}）未超过职工代表总数（{total}）的半数（至少{majority(total)}票），"
            "集体合同草案未获通过（劳动合同法第五十一条）。"
        )
    return problems
