"""Settings for bench/tables2.py: the project's, with django-tables2's templates."""

from xinfang.settings import *  # noqa

INSTALLED_APPS = [*INSTALLED_APPS, "django_tables2"]  # noqa
