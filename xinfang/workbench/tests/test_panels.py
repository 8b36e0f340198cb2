"""A panel's rows (``workbench/templatetags/panels.py``) are the markup the template language made of them before
(the reference below), every value escaped."""

import re
from datetime import UTC, date, datetime

from django.template import engines

from xinfang.inbox.queues import Badge, Row
from xinfang.workbench.templatetags.panels import panel_rows

# What ``workbench/_queue.html`` rendered for the rows before the tag.
REFERENCE = """{% for row in rows %}<tr>
    <td class="text-nowrap"><a href="{{ row.link }}">{{ row.number }}</a>{% for badge in row.badges %} <span class="badge {{ badge.style }}">{{ badge.text }}</span>{% endfor %}</td>
    <td class="text-nowrap">{% if row.received_at %}{{ row.received_at|date:"m-d H:i" }}{% else %}{{ row.received_on|date:"m-d" }}{% endif %}</td>
    <td>{{ row.names|truncatechars:12 }}</td>
    <td>{{ row.what|truncatechars:12 }}</td>
    <td class="text-nowrap">{{ row.status }}</td>
    {% if row.due_on %}<td class="text-nowrap">期限 {{ row.due_on|date:"m-d" }}</td>{% endif %}
  </tr>
  {% empty %}<tr><td class="text-muted">暂无</td></tr>{% endfor %}"""

ROWS = [
    Row(
        pk=1,
        number="东工信〔2026〕0001",
        link="/petitions/1/?a=1&b=2",
        names="张三、李四、王五、赵六、钱七、孙八、周九",  # longer than 12: cut
        what="<劳动报酬> & 工资",
        status="待受理",
        received_at=datetime(2026, 12, 6, 17, 30, tzinfo=UTC),  # 01:30 on the 7th in Beijing
        badges=(Badge("急", "badge-urgent"), Badge("督")),
    ),
    Row(
        pk=2,
        number="调〔2026〕7",
        link="/mediations/2/",
        names="（保密）",
        what="工伤",
        status="调解中",
        received_on=date(2026, 11, 30),
        due_on=date(2026, 12, 15),
    ),
    Row(
        pk=3, number="N", link="/x/", names="", what="一二三四五六七八九十一二", status="s"
    ),  # exactly 12: kept
]


def _html(text: str) -> str:
    return re.sub(r">\s+<", "><", text.strip())


def test_the_rows_are_the_markup_the_template_made():
    reference = engines["django"].from_string(REFERENCE)
    for rows in (ROWS, ROWS[1:2], []):
        assert _html(panel_rows(rows)) == _html(reference.render({"rows": rows}))


def test_values_are_escaped_and_dates_are_beijing_dates():
    html = panel_rows(ROWS[:1])
    assert "&lt;劳动报酬&gt; &amp; 工资" in html and "<劳动报酬>" not in html
    assert 'href="/petitions/1/?a=1&amp;b=2"' in html
    assert "12-07 01:30" in html
    assert (
        "张三、李四、王五、..." in html
    )  # 12 characters with the ellipsis, as Chinese translations write it
