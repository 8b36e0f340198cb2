"""Read-only pages for the audit log: administrators can read it, nobody can add, change or delete a row."""

from django.contrib import admin

from .models import AccessLog, LoginEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None  # no bulk "delete selected"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "object_type", "object_id", "detail", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("user__username", "user__name", "detail")
    date_hierarchy = "at"


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "username", "user", "ip_address", "user_agent")
    list_filter = ("action",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"
