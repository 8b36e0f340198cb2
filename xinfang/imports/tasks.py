"""The import's background tasks (django-tasks, the backport of Django 6's ``django.tasks``; with Django 6 the
import becomes ``from django.tasks import task`` and nothing else changes). The database backend keeps them in a
table and ``manage.py db_worker`` runs them; tests run them at once (the immediate backend)."""

from __future__ import annotations

from django_tasks import task

from . import running


@task()
def check_import(job_id: int) -> None:
    """Read and check an uploaded file: the preview of every bad row, or ready to commit."""
    running.run_check(job_id)


@task()
def commit_import(job_id: int) -> None:
    """Commit a checked file in one transaction (or list the rows refused, and save nothing)."""
    running.run_commit(job_id)
