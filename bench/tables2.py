"""Why the ledger kit does not use django-tables2: render the congress list's first page (50 rows × 8 columns) with
the kit (``rows_html``) and with a django-tables2 ``Table`` of the same columns (its bootstrap5 template, no
pagination of its own: the keyset page's items passed as a list, so the keyset paging is kept). Not a dependency:

    .venv/bin/pip install --target /tmp/dt2 --no-deps django-tables2==3.0.1
    SQLITE_PATH=bench/bench.sqlite3 .venv/bin/python bench/tables2.py      # on a filled benchmark database
"""

# ruff: noqa
import os, sys, time, statistics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.environ.get("TABLES2_PATH", "/tmp/dt2"), os.path.join(ROOT, "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "tables2_settings"
import django

django.setup()
import django_tables2 as tables
from django.test import RequestFactory
from django.template import Template, RequestContext
from xinfang.accounts.models import User
from xinfang.ledgerkit.declaration import ledger
from xinfang.ledgerkit.listing import filtered, for_list, rows, rows_html
from xinfang.lib.keyset import paginate
from xinfang.congresses.models import Congress

L = ledger("congresses")
user = User.objects.get(username="dengji")
items = paginate(for_list(L, filtered(L, user, {})), field="held_on", cursor=None, size=50).items


class CongressTable(tables.Table):
    union_name = tables.LinkColumn("congresses:detail", args=[tables.A("pk")], verbose_name="召开工会")
    held_on = tables.DateColumn(format="Y-m-d", verbose_name="召开日期")
    level = tables.Column(verbose_name="类型")
    term = tables.Column(verbose_name="届次")
    representatives = tables.Column(verbose_name="代表总数")
    present = tables.Column(verbose_name="实到代表")
    employer_count = tables.Column(verbose_name="覆盖企业数")
    org = tables.Column(accessor="org__name", verbose_name="组织")

    class Meta:
        template_name = "django_tables2/bootstrap5.html"
        orderable = False


request = RequestFactory().get("/congresses/")
request.user = user
tpl = Template("{% load django_tables2 %}{% render_table table %}")


def kit():
    return rows_html(L, rows(L, items))


def dt2():
    table = CongressTable(items)
    table.paginate = lambda *a, **k: None
    return tpl.render(RequestContext(request, {"table": table}))


for name, fn in (("kit rows_html", kit), ("django-tables2", dt2)):
    for _ in range(5):
        fn()
    ts = []
    for _ in range(100):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    print(f"{name:<16} p50 {statistics.median(ts):6.2f} ms  p95 {statistics.quantiles(ts, n=20)[-1]:6.2f} ms")
from django.db import connection
from django.test.utils import CaptureQueriesContext

with CaptureQueriesContext(connection) as q:
    html = dt2()
print(
    "queries during a django-tables2 render:",
    len(q.captured_queries),
    "html bytes",
    len(html),
    "kit bytes",
    len(kit()),
)
