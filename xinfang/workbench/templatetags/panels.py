"""The rows of a home-page panel as table rows, written in Python: the home page shows up to sixteen panels of six
rows, and rendering them through the template language took a third of the page's time (about 150 function calls
a row against 20 here). The markup is the one ``workbench/_queue.html`` had; every value is escaped, as the
template language escapes it."""

from __future__ import annotations

from html import escape as e  # what Django's escape calls, without its wrapper for lazy strings

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from xinfang.inbox.queues import Row

register = template.Library()

SHORT = 12  # characters of the names and of what a row is about, as ``truncatechars:12`` cut them


@register.simple_tag
def panel_rows(rows: list[Row]) -> SafeString:
    if not rows:
        return mark_safe('<tr><td class="text-muted">暂无</td></tr>')
    return mark_safe("".join(_row(row) for row in rows))


def _row(row: Row) -> str:
    badges = "".join(f' <span class="badge {e(b.style)}">{e(b.text)}</span>' for b in row.badges)
    due = f'<td class="text-nowrap">期限 {row.due_on:%m-%d}</td>' if row.due_on else ""
    return (
        f'<tr><td class="text-nowrap"><a href="{e(row.link)}">{e(row.number)}</a>{badges}</td>'
        f'<td class="text-nowrap">{_when(row)}</td><td>{e(_short(row.names))}</td><td>{e(_short(row.what))}</td>'
        f'<td class="text-nowrap">{e(row.status)}</td>{due}</tr>'
    )


def _when(row: Row) -> str:
    if row.received_at:
        return f"{timezone.localtime(row.received_at):%m-%d %H:%M}"
    return f"{row.received_on:%m-%d}" if row.received_on else ""


def _short(text: str) -> str:
    return text if len(text) <= SHORT else Truncator(text).chars(SHORT)  # its ellipsis is the language's
