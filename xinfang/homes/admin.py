"""系统管理 › 职工之家验收标准: the administrator enters each year's checklist (its items and full marks, and the
pass score). A checklist an inspection was scored against is read-only: next year's is a new checklist, so past
inspections keep the version they were scored with."""

from django.contrib import admin

from .models import Checklist, ChecklistItem


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 3
    fields = ("number", "title", "max_score")

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.in_use()

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.in_use()

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.in_use()


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "pass_score", "full_marks", "used")
    inlines = [ChecklistItemInline]

    @admin.display(description="满分合计")
    def full_marks(self, obj: Checklist):
        return obj.max_total()

    @admin.display(description="已用于验收", boolean=True)
    def used(self, obj: Checklist) -> bool:
        return obj.in_use()

    def get_readonly_fields(self, request, obj=None):
        return ("year", "title", "pass_score") if obj is not None and obj.in_use() else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.in_use()
