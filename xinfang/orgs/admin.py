from django.contrib import admin

from .models import Employer, Org


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "org", "employees", "has_union")
    list_filter = ("industry", "ownership", "has_union")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("org",)
