"""The target table: entering it (one row per committee, one column per indicator), splitting a total, and the
completion view in the report's words."""

from __future__ import annotations

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from xinfang.lib.exceptions import ActionError

from .actions import BASES, set_targets, split_target
from .completion import committees_of, figure_key, indicators, table
from .inputs import TargetCellIn, TargetSplitIn, TargetTableIn
from .models import MAX_TARGET, Target


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or this_year)
    except ValueError:
        raise Http404 from None
    if not 1990 <= year <= this_year + 1:
        raise Http404
    return year


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "；".join(m for ms in error.message_dict.values() for m in ms)
    return "；".join(error.messages)


@login_required
def completion(request):
    """Each committee's done figures against its targets (the user's organisation and below it)."""
    if request.user.org is None:
        raise Http404
    year = _year(request)
    columns, rows, total = table(user=request.user, org=request.user.org, year=year)
    return render(
        request,
        "targets/completion.html",
        # The empty row spans the unit's column and three per indicator.
        {
            "year": year,
            "columns": columns,
            "rows": rows,
            "total": total,
            "years": _years(),
            "span": 1 + 3 * len(columns),
        },
    )


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year + 1, this_year - 5, -1))


@login_required
def entry(request):
    """The table to enter: one row per committee below the user's organisation, one column per indicator."""
    if not request.user.can("targets.set") or request.user.org is None:
        raise PermissionDenied
    year = _year(request)
    org = request.user.org
    units = committees_of(org)
    columns = indicators(year, org)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "split":
                split_target(
                    by=request.user,
                    data=TargetSplitIn(
                        year=year,
                        figure=request.POST.get("figure", ""),
                        total=int(request.POST.get("total") or -1),
                        basis=request.POST.get("basis", "equal"),
                    ),
                )
                messages.success(request, "已按所选依据分解总任务数，请核对后如需调整直接修改表格。")
            else:
                cells = []
                bad = []
                for unit in units:
                    for f in columns:
                        raw = request.POST.get(f"t-{unit.pk}-{figure_key(f)}", "").strip()
                        if raw and not (raw.isdigit() and int(raw) <= MAX_TARGET):
                            bad.append(
                                f"{unit.name}的{f.title}应为0至{MAX_TARGET}之间的整数（现为“{raw[:20]}”）。"
                            )
                            continue
                        cells.append(
                            TargetCellIn(
                                org_id=unit.pk, figure=figure_key(f), value=int(raw) if raw else None
                            )
                        )
                if bad:
                    raise ValidationError({"cells": bad})
                changed = set_targets(by=request.user, data=TargetTableIn(year=year, cells=cells))
                messages.success(request, f"已保存，{changed}项有变动。")
            return redirect(f"{request.path}?year={year}")
        except pydantic.ValidationError:
            messages.error(request, f"总任务数应为0至{MAX_TARGET}之间的整数。")
        except ActionError as e:
            messages.error(request, e.message)
        except ValueError:
            messages.error(request, "总任务数应为整数。")
        except ValidationError as e:
            messages.error(request, _messages(e))
    values = {
        (t.org_id, t.figure): t.value for t in Target.objects.filter(year=year, org__in=[u.pk for u in units])
    }
    rows = [
        (
            u,
            [
                (
                    f"t-{u.pk}-{figure_key(f)}",
                    request.POST.get(f"t-{u.pk}-{figure_key(f)}", values.get((u.pk, figure_key(f)), "")),
                    f.title,
                )
                for f in columns
            ],
        )
        for u in units
    ]
    return render(
        request,
        "targets/entry.html",
        {"year": year, "columns": columns, "rows": rows, "years": _years(), "bases": BASES,
         "keys": [(figure_key(f), f.title) for f in columns]},
    )  # fmt: skip
