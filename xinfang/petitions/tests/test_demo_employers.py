"""The demo's employers are like a real register: no two that a clerk would take for one employer."""

import random
from io import StringIO
from itertools import combinations

import pytest
from django.core.management import call_command

from xinfang.lib.employernames import CloseNames, are_close, name_key
from xinfang.orgs.models import Employer
from xinfang.petitions.demo.employers import employer_name


def test_generated_names_are_never_close_to_each_other():
    rng, taken = random.Random(2026), CloseNames()
    names = [employer_name(rng, street="东湖", sole=i % 5 == 4, taken=taken) for i in range(600)]
    assert [(a, b) for a, b in combinations(names, 2) if are_close(a, b)] == []
    assert any(n.startswith("深圳市") for n in names) and any(n.startswith("罗湖区东湖") for n in names)


def test_a_name_close_to_one_on_file_is_not_generated_and_running_out_is_said(monkeypatch):
    from xinfang.petitions.demo import texts

    monkeypatch.setattr(texts, "FIRM_WORDS", ["万家", "东方"])
    monkeypatch.setattr(texts, "TRADES", ["服饰", "电子"])
    rng, taken = random.Random(1), CloseNames(["深圳市万家东方服饰有限公司"])
    names = [employer_name(rng, street="东湖", sole=False, taken=taken) for _ in range(3)]
    keys = {name_key(name).removesuffix("实业") for name in names}
    assert keys == {"东方万家服饰", "万家东方电子", "东方万家电子"}
    with pytest.raises(ValueError, match="互不相近的用人单位名称已用尽"):
        employer_name(rng, street="东湖", sole=False, taken=taken)


@pytest.mark.django_db
def test_the_demo_command_files_no_close_employers():
    call_command("demo_data", petitions=40, employers=40, stdout=StringIO())
    names = list(Employer.objects.values_list("name", flat=True))
    assert len(names) == 40
    assert [(a, b) for a, b in combinations(names, 2) if are_close(a, b)] == []
