"""``manage.py demo_data`` builds the core demo, then runs the demo parts the ledgers registered (ops/demo.py)."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from xinfang.ops import demo
from xinfang.orgs.models import Org


def test_the_three_ledgers_register_their_parts_in_order():
    assert [p.name for p in demo.demo_parts()][:3] == ["petitions", "mediations", "consultations"]


def test_the_parts_run_in_order_after_the_core_demo_and_their_summaries_are_printed(db, monkeypatch):
    calls = []

    def part(name):
        def build(federation, rng, options):
            # The core demo is there: the federation with its committees, the demo users, the employers.
            calls.append((name, federation.name, Org.objects.filter(parent=federation).count() > 0, options))
            assert isinstance(rng, random.Random)
            return f"{name} 完成"

        return build

    monkeypatch.setattr(
        demo,
        "PARTS",
        [
            demo.DemoPart(name="late", order=20, build=part("后")),
            demo.DemoPart(name="early", order=10, build=part("先")),
        ],
    )
    out = StringIO()
    call_command("demo_data", petitions=7, employers=5, stdout=out)
    assert [c[:3] for c in calls] == [("先", "罗湖区总工会", True), ("后", "罗湖区总工会", True)]
    assert calls[0][3].petitions == 7 and calls[0][3].employers == 5
    assert "先 完成，后 完成（用时" in out.getvalue() and "5 家用人单位" in out.getvalue()


def test_a_part_name_is_registered_once(monkeypatch):
    monkeypatch.setattr(demo, "PARTS", [])
    demo.register_demo_part(demo.DemoPart(name="x", order=1, build=lambda f, r, o: ""))
    with pytest.raises(ValueError):
        demo.register_demo_part(demo.DemoPart(name="x", order=2, build=lambda f, r, o: ""))
