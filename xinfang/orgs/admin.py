from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse

from xinfang.lib.exceptions import ActionError

from .actions import merge_employers, records_of
from .models import BODY_KINDS, Body, Employer, EmployerEvent, Org, OrgKind


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "is_active", "needs_check")
    list_filter = ("kind", "is_active", "needs_check")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "review_body")


class MergedFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "在用"), ("yes", "已合并")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class EmployerEventInline(admin.TabularInline):
    """The employer's history (merges): read only."""

    model = EmployerEvent
    fk_name = "employer"
    fields = ("at", "by", "kind", "other", "summary")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "历史记录"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        label="保留的单位",
        queryset=Employer.objects.none(),
        error_messages={
            "required": "请选择要保留的单位。",
            "invalid_choice": "请在所选单位中选择要保留的一家。",
        },
    )

    def __init__(self, *args, employers: list[Employer], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kept"]).queryset = Employer.objects.filter(
            pk__in=[e.pk for e in employers]
        )


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    """转送/交办机关: the bodies a case is received from or transferred to. Administrators add one here (a 协办单位
    at the top unless a parent is chosen), and check those recorded at the desk (待核实): correct the name,
    disable a duplicate, or confirm it."""

    list_display = ("name", "kind", "parent", "is_active", "needs_check")
    list_filter = ("needs_check", "kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("parent",)
    fields = ("name", "kind", "parent", "is_active", "needs_check")
    actions = ["confirm"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=BODY_KINDS)

    def get_changeform_initial_data(self, request):
        return {"kind": OrgKind.PARTNER, **super().get_changeform_initial_data(request)}

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(k.value, k.label) for k in BODY_KINDS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.action(description="核实通过（取消“待核实”）")
    def confirm(self, request, queryset):
        done = queryset.filter(needs_check=True).update(needs_check=False)
        self.message_user(request, f"已核实 {done} 个机关。", messages.SUCCESS)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "org", "employees", "has_union", "merged_into")
    list_filter = (MergedFilter, "industry", "ownership", "has_union")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("org",)
    readonly_fields = ("merged_into",)
    inlines = [EmployerEventInline]
    actions = ["merge_into"]

    @admin.action(description="合并到…")
    def merge_into(self, request, queryset):
        """Pick the employer to keep among the ticked ones; the others are merged into it (one transaction)."""
        employers = list(queryset.active().order_by("created_at", "pk"))
        if len(employers) < 2:
            self.message_user(
                request, "请至少勾选两家在用的单位：要保留的一家，和并入它的重复单位。", messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "merge" in request.POST else None, employers=employers)
        if form.is_valid():
            kept = form.cleaned_data["kept"]
            try:
                with transaction.atomic():
                    events = [
                        merge_employers(duplicate=e, into=kept, by=request.user)
                        for e in employers
                        if e.pk != kept.pk
                    ]
            except ValidationError as e:
                self.message_user(request, "；".join(e.messages), messages.ERROR)
                return None
            except ActionError as e:
                self.message_user(request, e.message, messages.ERROR)
                return None
            summaries = "；".join(event.summary for event in events)
            self.message_user(request, f"已并入{kept.name}。{summaries}", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "合并重复的用人单位",
            "rows": [(e, records_of(e)) for e in employers],
            "form": form,
            "kept": str(form["kept"].value() or ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/orgs/employer/merge.html", context)
