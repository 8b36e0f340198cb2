"""The HTML side of ``ApportionmentIn``: the delegations are typed one a line, name and members."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from xinfang.lib.formfields import BoundedDateField
from xinfang.lib.formstyle import DatePicker, StyledForm

LINE = re.compile(r"^(?P<name>.+?)[\s,，、\t]+(?P<members>\d+)\s*(人)?$")


def parse_delegations(text: str) -> list[dict]:
    """``东湖街道代表团 1371`` a line (a comma, tab or spaces before the number) → [{name, members}]."""
    result = []
    for number, line in enumerate((t.strip() for t in text.splitlines()), start=1):
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            raise ValidationError(f"第{number}行应为“代表团名称 会员人数”，如“东湖街道代表团 1371”。")
        result.append({"name": match["name"].strip(), "members": int(match["members"])})
    if not result:
        raise ValidationError("请至少填写一个代表团。")
    return result


class ApportionmentForm(StyledForm):
    congress = forms.CharField(label="会议名称", max_length=100)
    seats = forms.IntegerField(label="代表名额总数", min_value=1, max_value=100000)
    minimum = forms.IntegerField(label="每团保底名额", min_value=0, max_value=1000, initial=0)
    decided_on = BoundedDateField(label="分配日期", widget=DatePicker())
    delegations = forms.CharField(
        label="代表团及会员人数（每行一个：名称 人数）",
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "东湖街道代表团 1371\n清水河街道代表团 980"}),
    )

    def clean_delegations(self) -> list[dict]:
        return parse_delegations(self.cleaned_data["delegations"])
