"""The shape every workflow page action shares: validate the form, turn its cleaned data into the action's input
model, make one action call, show the outcome as a message, go back to the record's page. The caller has already
fetched the record through its scope rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pydantic
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from .apifields import api_messages, with_titles
from .exceptions import ActionError

M = TypeVar("M", bound=pydantic.BaseModel)


def form_errors(form: forms.Form) -> str:
    """A bound form's errors as one Chinese line, each led by its field's label (unless it already is)."""

    def line(name: str, message: object) -> str:
        label = str(form.fields[name].label) if name in form.fields else ""
        text = str(message)
        return f"{label}：{text}" if label and not text.startswith(label) else text

    return "；".join(line(k, v[0]) for k, v in form.errors.items())


def input_from(
    form: forms.Form,
    model: type[M],
    data: Mapping[str, Any] | None = None,
    *,
    fields: Mapping[str, str] | None = None,
) -> M | None:
    """The action's input: the form's cleaned data (or ``data``, built from it where the names differ) validated
    by the action's input model. A value the model refuses becomes an error of the form field it came from, in the
    words the API uses for it (``api_messages``), and the answer is None. ``fields`` maps a model field (or its
    dotted location) to the form field where the names differ; ``x_id`` finds the form field ``x``."""
    try:
        return model.model_validate(form.cleaned_data if data is None else data)
    except pydantic.ValidationError as e:
        for key, texts in api_messages(with_titles(model, e.errors())).items():
            top = key.split(".")[0]
            name = (fields or {}).get(key) or (fields or {}).get(top) or top
            if name not in form.fields and name.removesuffix("_id") in form.fields:
                name = name.removesuffix("_id")
            for text in texts:
                form.add_error(name if name in form.fields else None, text)
        return None


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
    call: Callable[[Any, Any], Any],
    back: str,
    *,
    model: type[pydantic.BaseModel] | None = None,
    data: Callable[[dict], Mapping[str, Any]] | None = None,
) -> HttpResponse:
    """``call(record, input)`` runs the action: ``input`` is the form's cleaned data turned into ``model``, the
    action's input (``data(cleaned_data)`` builds what it is made of where the names differ), or without a model
    the cleaned data itself. A refusal of the form or the model is shown as the form's errors; the action's as it
    is. ``back``: the URL name of the record's page."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back, pk=record.pk)
    payload: Any = form.cleaned_data
    if model is not None:
        payload = input_from(form, model, data(form.cleaned_data) if data else None)
        if payload is None:
            messages.error(request, form_errors(form))
            return redirect(back, pk=record.pk)
    try:
        result = call(record, payload)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(back, pk=record.pk)
