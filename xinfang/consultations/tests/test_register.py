"""The consultation register does not filter itself (issue 11, fault 7): the entry's channel and topic are kept for
the next entry apart from the register's filters, so saving an entry leaves the register, its totals and its Excel
export as they were (plus the new entry); the entry form and the filters have ids of their own."""

import io
import re
from collections import Counter
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.consultations.actions import record_consultation
from xinfang.consultations.inputs import ConsultationIn

from .test_consultations import entry


def record(by, channel, topic, people=1):
    return record_consultation(
        by=by,
        data=ConsultationIn(
            asked_at=timezone.now() - timedelta(hours=1),
            channel=channel,
            topic=topic,
            question=f"{channel}{topic}的问题",
            answer="已解答。",
            people_count=people,
        ),
    )


def exported_rows(client, page) -> int:
    """The rows of the Excel export the page links to (its title and header rows left out)."""
    link = re.search(r'href="(/consultations/export/[^"]*)"', page.content.decode())
    assert link, "no export link"
    sheet = load_workbook(io.BytesIO(client.get(link[1].replace("&amp;", "&")).content)).active
    return sheet.max_row - 2


def test_an_entry_leaves_the_register_its_totals_and_its_export_unfiltered(client, registrar):
    for channel, topic, people in [
        ("visit", "wages", 3),
        ("visit", "contract", 1),
        ("phone", "work_injury", 2),
    ]:
        record(registrar, channel, topic, people)
    client.force_login(registrar)
    url = reverse("consultations:list")
    before = client.get(url)
    assert before.context["totals"] == {"cases": 3, "people": 6} and exported_rows(client, before) == 3

    saved = client.post(url, entry(channel="hotline", topic="social_insurance", people_count=2))
    assert saved.status_code == 302
    after = client.get(saved["Location"])
    # Every entry still listed and counted, the new one too; the export holds them all.
    assert after.context["totals"] == {"cases": 4, "people": 8}
    assert len(after.context["page"].items) == 4 and exported_rows(client, after) == 4
    assert after.context["filters"]["channel"].value() in (None, "")
    # The next entry starts with the channel and topic of the last one.
    assert after.context["entry"].initial == {"channel": "hotline", "topic": "social_insurance"}


def test_filters_chosen_before_an_entry_stay_as_they_were(client, registrar):
    record(registrar, "visit", "wages")
    record(registrar, "phone", "contract")
    client.force_login(registrar)
    url = reverse("consultations:list")
    saved = client.post(f"{url}?topic=wages", entry(channel="phone", topic="contract"))
    after = client.get(saved["Location"])
    assert after.context["filters"]["topic"].value() == "wages"
    # The register still shows 工资报酬 only: the new entry is about 劳动合同.
    assert after.context["totals"]["cases"] == 1
    assert after.context["entry"].initial == {"channel": "phone", "topic": "contract"}
    assert exported_rows(client, after) == 1


def test_the_register_page_has_no_duplicate_ids(client, registrar):
    record(registrar, "visit", "wages")
    client.force_login(registrar)
    html = client.get(reverse("consultations:list")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    assert {"id_channel", "id_topic", "id_entry_channel", "id_entry_topic"} <= set(ids)
    assert '<label class="form-label" for="id_entry_channel">' in html
