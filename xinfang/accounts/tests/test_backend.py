"""The login backend reads a request's user with its organisation in one query (every page asks for the user's
scope), and still refuses an account that was switched off."""

from django.contrib.auth import get_user
from django.test import RequestFactory

from xinfang.accounts.backends import UserWithOrgBackend
from xinfang.accounts.models import User


def test_a_requests_user_comes_with_its_organisation_in_one_query(
    client, committee_handler, committee, django_assert_num_queries
):
    client.force_login(committee_handler)
    request = RequestFactory().get("/")
    request.session = client.session
    with django_assert_num_queries(2):  # the session, then the user with the organisation
        user = get_user(request)
        assert isinstance(user, User) and user.org is not None
        assert user.org.name == committee.name  # no query: read with the user
    assert user.pk == committee_handler.pk


def test_an_account_switched_off_is_no_ones_user(committee_handler):
    committee_handler.is_active = False
    committee_handler.save()
    assert UserWithOrgBackend().get_user(committee_handler.pk) is None
    assert UserWithOrgBackend().get_user(0) is None
