"""The import fixtures, for the congress import tests."""

from xinfang.imports.tests.conftest import run_import  # noqa: F401
