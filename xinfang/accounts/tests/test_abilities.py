"""One vocabulary of abilities (accounts/abilities.py and each ledger's abilities.py): code and pages ask what a
user may do, never which role he has. The scan below reads every module and template of the package and fails on
a role literal outside the vocabulary, naming the file and the line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from xinfang.accounts.abilities import Role, UnknownAbility, abilities, abilities_of, ability, roles_with
from xinfang.accounts.models import User

PACKAGE = Path(__file__).resolve().parents[2]  # .../xinfang
ROLE_VALUES = frozenset(Role.values)
# The other "role" columns of the domain (a petitioner's, an assignment's): not a user's role.
OTHER_ROLE_ENUMS = frozenset({"PetitionerRole", "AssignmentRole"})


def _exempt(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return (
        "tests" in parts
        or "api_tests" in parts
        or "migrations" in parts
        or path.name == "conftest.py"
        or path.name == "abilities.py"  # the vocabulary itself: accounts' and each ledger's
        or parts == ("demo", "management", "commands", "demo_data.py")  # the demo users and their roles
    )


def _root_name(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _is_role(node: ast.expr) -> bool:
    """``user.role``, ``by.role`` … or a variable named ``role``."""
    return (isinstance(node, ast.Attribute) and node.attr == "role") or (
        isinstance(node, ast.Name) and node.id == "role"
    )


def _literal(node: ast.expr) -> bool:
    """What a role is compared with or filtered by that names roles outside the vocabulary: a string, a tuple,
    list or set, or a constant (``STAFF``). A call (``roles_with("…")``) or another enum's member is fine."""
    if isinstance(node, ast.Call) or _is_role(node):
        return False
    if _root_name(node) in OTHER_ROLE_ENUMS:
        return False
    return isinstance(node, ast.Constant | ast.Tuple | ast.List | ast.Set | ast.Name | ast.Attribute)


def role_literals_in_python(source: str) -> list[tuple[int, str]]:
    """(line, what) for every role literal in a module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ROLE_VALUES:
            found.append((node.lineno, f'"{node.value}"'))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            and node.attr in Role.names
        ):
            found.append((node.lineno, f"Role.{node.attr}"))
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_role(o) for o in operands) and any(_literal(o) for o in operands):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.keyword) and node.arg in ("role", "role__in") and _literal(node.value):
            found.append((node.value.lineno, f"{node.arg}={ast.unparse(node.value)}"))
    return found


TEMPLATE_ROLE = re.compile(
    r"""\buser\.role\b(?!_)|["'](?:%s)["']""" % "|".join(sorted(ROLE_VALUES))  # noqa: UP031
)


def role_literals_in_template(source: str) -> list[tuple[int, str]]:
    return [
        (number, match.group(0))
        for number, line in enumerate(source.splitlines(), start=1)
        for match in TEMPLATE_ROLE.finditer(line)
    ]


def test_no_role_literal_outside_the_vocabulary():
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".html") or _exempt(path):
            continue
        source = path.read_text(encoding="utf-8")
        scan = role_literals_in_python if path.suffix == ".py" else role_literals_in_template
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}" for line, what in sorted(scan(source))]
    assert not found, "role literals outside the abilities vocabulary (use user.can(...)):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "code",
    [
        'if user.role == "leader": pass',
        "if by.role not in STAFF: pass",
        "if request.user.role in (Role.HANDLER, Role.APPROVER): pass",
        "x = Role.REGISTRAR",
        "User.objects.filter(role__in=STAFF_ROLES)",
        'User.objects.filter(role="administrator")',
        "ok = role in ('handler', 'approver')",
    ],
)
def test_the_scan_catches_each_way_of_naming_a_role(code):
    assert role_literals_in_python(code)


@pytest.mark.parametrize(
    "code",
    [
        'if user.can("petitions.decide"): pass',
        "User.objects.filter(role__in=roles_with('inbox.unit_reminders'))",
        "ok = p.role == PetitionerRole.REPRESENTATIVE",
        "ok = unit.role not in AssignmentRole.values",
        "Petitioner(role=p.role)",
        "label = user.get_role_display()",
    ],
)
def test_the_scan_leaves_other_roles_and_ability_checks_alone(code):
    assert not role_literals_in_python(code)


def test_the_template_scan():
    assert role_literals_in_template('{% if user.role != "leader" %}x{% endif %}') == [
        (1, "user.role"),
        (1, '"leader"'),
    ]
    assert not role_literals_in_template('{% if user|can:"petitions.register" %}{{ a.get_role_display }}')


def test_every_ledger_registered_its_abilities():
    names = {a.name for a in abilities()}
    assert {
        "petitions.register",
        "petitions.decide",
        "petitions.approve",
        "petitions.supervise",
        "mediations.register",
        "mediations.mediate",
        "consultations.record",
        "people.reveal_numbers",
        "orgs.edit_registry",
        "inbox.unit_reminders",
        "admin.manage",
    } <= names
    assert all(a.description and a.roles for a in abilities())


def test_an_unknown_ability_is_a_programming_error(handler):
    with pytest.raises(UnknownAbility):
        handler.can("petitions.desicde")
    with pytest.raises(UnknownAbility):
        ability("nothing")


def test_can_follows_the_vocabulary_and_an_inactive_user_can_nothing(registrar, handler, leader):
    assert handler.can("petitions.decide") and not registrar.can("petitions.decide")
    assert leader.can("petitions.supervise") and not leader.can("petitions.register")
    handler.is_active = False
    assert not handler.can("petitions.decide")


def test_roles_with_and_abilities_of():
    assert roles_with("inbox.unit_reminders") == [Role.HANDLER, Role.APPROVER]
    assert "admin.manage" in {a.name for a in abilities_of(Role.ADMINISTRATOR)}
    assert "admin.manage" not in {a.name for a in abilities_of(Role.APPROVER)}


def test_the_template_filter(registrar, leader):
    page = Template('{% if user|can:"petitions.register" %}登记{% else %}只读{% endif %}')
    assert page.render(Context({"user": registrar})) == "登记"
    assert page.render(Context({"user": leader})) == "只读"
    with pytest.raises(UnknownAbility):
        Template('{% if user|can:"no.such" %}x{% endif %}').render(Context({"user": registrar}))


def test_the_admin_shows_what_a_role_may_do(client, administrator, leader):
    client.force_login(administrator)
    page = client.get(f"/admin/accounts/user/{leader.pk}/change/").content.decode()
    assert "督办信访件" in page and "登记信访件" not in page


def test_the_leader_cannot_register_from_the_list_pages(client, leader, registrar):
    client.force_login(leader)
    assert "登记信访" not in client.get("/petitions/").content.decode().split("<main", 1)[-1]
    client.force_login(registrar)
    assert "登记信访" in client.get("/petitions/").content.decode().split("<main", 1)[-1]


def test_user_model_keeps_the_roles():
    assert User._meta.get_field("role").choices == Role.choices


def test_the_docs_list_every_ability_with_its_roles():
    rows = {}
    for line in (PACKAGE.parent / "docs" / "abilities.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = {r.strip() for r in cells[1].split(",")}
    assert rows == {a.name: set(a.roles) for a in abilities()}
