from django.contrib import admin, messages

from .models import BODY_KINDS, Body, Employer, Org, OrgKind


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_active", "needs_check")
    list_filter = ("kind", "is_active", "needs_check")
    search_fields = ("name",)
    autocomplete_fields = ("parent",)


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
    list_display = ("name", "credit_code", "industry", "org", "employees", "has_union")
    list_filter = ("industry", "ownership", "has_union")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("org",)
