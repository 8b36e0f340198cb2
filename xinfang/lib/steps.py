"""The shape every workflow page action shares: validate the form, make one action call, show the outcome as a
message, go back to the record's page. The caller has already fetched the record through its scope rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from .exceptions import ActionError


def form_errors(form: forms.Form) -> str:
    """A bound form's errors as one Chinese line, each led by its field's label."""
    return "；".join(
        f"{form.fields[k].label}：{v[0]}" if k in form.fields else str(v[0]) for k, v in form.errors.items()
    )


def add_action_errors(form, error: ValidationError) -> None:
    """Show an action's field errors on the form; unknown fields become errors of the whole form."""
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def run_step(
    request,
    record,
    form: forms.Form,
    success: str | Callable[[Any], str],
    call: Callable[[Any, dict], Any],
    back: str,
) -> HttpResponse:
    """``call(record, cleaned_data)`` runs the action; its refusal is shown as it is. ``back``: the URL name of
    the record's page."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back, pk=record.pk)
    try:
        result = call(record, form.cleaned_data)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(back, pk=record.pk)
