"""The person scope rule (``Person.objects.visible_to``) takes the ledgers' parts from people/scope.py: what they
open, hide and show. Its meaning is pinned by test_confidential_register, test_registration_by_id_number and
petitions' test_identity; these tests pin that a registered part takes its place in the rule."""

from django.db.models import Q

from xinfang.people import scope
from xinfang.people.models import Person
from xinfang.petitions.inputs import PetitionerIn


def test_scope_parts_registered_by_a_test_take_part_in_the_rule(
    outsider, handler, registrar, make_petition, mediate, monkeypatch
):
    """Opened and hidden as the rule says; shown whatever hides it. The core names no ledger."""
    worker = mediate(name="王五", id_number="").workers.get().person  # on file through a mediation only
    accuser = make_petition(
        registrar, is_confidential=True, petitioners=[PetitionerIn(name="李密", phone="13900001111")]
    ).petitioners.get()
    monkeypatch.setattr(scope, "_PARTS", list(scope._PARTS))
    assert list(Person.objects.visible_to(outsider)) == []
    assert worker in Person.objects.visible_to(handler)
    scope.register_person_scope(scope.PersonScopePart(opens=lambda user: Q(name="王五")))
    assert list(Person.objects.visible_to(outsider)) == [worker]
    scope.register_person_scope(scope.PersonScopePart(hides=lambda user: Q(name="王五")))
    assert worker not in Person.objects.visible_to(handler)  # even from his own organisation
    assert list(Person.objects.visible_to(outsider)) == []
    scope.register_person_scope(scope.PersonScopePart(shows=lambda user: Q(pk=accuser.person_id)))
    assert list(Person.objects.visible_to(outsider)) == [accuser.person]
