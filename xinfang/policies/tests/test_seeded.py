"""Every documented default is a row of the policy table after migrating, so an administrator sees and edits it."""

from xinfang.policies.models import DEFAULTS, Policy


def test_every_default_is_seeded(db):
    assert set(Policy.objects.values_list("key", flat=True)) >= set(DEFAULTS)
