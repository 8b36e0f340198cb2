"""List stored values that break the limits of their column (xinfang.lib.limits): values SQLite accepted before
the actions checked them (a 1e20 amount, a 1 MB name, a NUL byte) and that may break a page or an export.

    manage.py check_stored_limits          # one line per bad value; exit status 1 if any

Reads raw column values (no field converters, which are what fails on such a value), changes nothing: correct
each record through its page, or by hand after a backup.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models

from xinfang.lib import limits

CHECKED = (models.CharField, models.TextField, models.DecimalField, models.IntegerField)


def _raw(field: models.Field, value):
    if isinstance(field, models.DecimalField) and value is not None:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return Decimal("NaN")
    return value


def stored_problems():
    """(model label, pk, field name, problem) for every stored value beyond its column's limits."""
    quote = connection.ops.quote_name
    for model in apps.get_models():
        if not model.__module__.startswith("xinfang.") or model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, CHECKED) and not f.primary_key and not f.is_relation and not f.choices
        ]
        if not fields:
            continue
        pk = model._meta.pk
        columns = ", ".join(quote(f.column) for f in [pk, *fields])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")  # noqa: S608 - names only
            for row in cursor.fetchall():
                for field, value in zip(fields, row[1:], strict=True):
                    problem = limits.value_problem(field, _raw(field, value))
                    if problem:
                        yield model._meta.label, row[0], field.name, problem


class Command(BaseCommand):
    help = "列出超出字段限制的已存数据（只读）。"

    def handle(self, *args, **options):
        found = 0
        for label, pk, name, problem in stored_problems():
            found += 1
            self.stdout.write(f"{label} #{pk} {name}: {problem}")
        if found:
            raise CommandError(f"共{found}处已存数据超出字段限制。")
        self.stdout.write("已存数据均在字段限制之内。")
