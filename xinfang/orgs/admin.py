from django.contrib import admin

from .models import Employer, Org


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("parent", "review_body")


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "org", "employees", "has_union")
    list_filter = ("industry", "ownership", "has_union")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("org",)
