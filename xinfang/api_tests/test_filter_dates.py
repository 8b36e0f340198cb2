"""A list filter's dates at the ends of the calendar answer a list, not a 500 (the day after 9999-12-31, or the
start of 0001-01-01 in Beijing, cannot be built), through the API and the pages."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/petitions?received_to=9999-12-31",
        "/api/v1/petitions?received_from=0001-01-01",
        "/api/v1/consultations?asked_to=9999-12-31",
        "/api/v1/consultations?asked_from=0001-01-01",
        "/petitions/?received_to=9999-12-31",
        "/consultations/?asked_to=9999-12-31",
    ],
)
def test_filter_dates_at_the_ends_of_the_calendar_list_everything(client, handler, make_petition, url):
    petition = make_petition(handler)
    client.force_login(handler)
    response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/v1/petitions"):
        assert [p["id"] for p in response.json()["items"]] == [petition.pk]
