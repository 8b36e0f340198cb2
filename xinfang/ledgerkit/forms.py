"""The base of a kit ledger's form: the HTML side of its input (widgets, labels, choices), styled; an ``org``
field offers the organisations of the user's subtree, his own first."""

from __future__ import annotations

from typing import cast

from django import forms

from xinfang.lib.formstyle import StyledForm

from .filters import org_choices


class LedgerForm(StyledForm):
    org = forms.TypedChoiceField(label="组织", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "org" in self.fields:
            cast(forms.ChoiceField, self.fields["org"]).choices = org_choices(user)
            self.fields["org"].initial = user.org_id
