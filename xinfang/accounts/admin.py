from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Role, User


def administrators_only(request) -> bool:
    """The Django admin is for administrators only (dictionaries, organisations, users, settings)."""
    user = request.user
    return user.is_active and user.is_staff and user.role == Role.ADMINISTRATOR


admin.site.has_permission = administrators_only  # type: ignore[method-assign]
admin.site.site_header = "工会信访维权工作平台 · 系统管理"
admin.site.site_title = "系统管理"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "name", "org", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("信息", {"fields": ("name", "org", "role", "is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "name", "org", "role", "password1", "password2")}),)
    autocomplete_fields = ("org",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "created_at", "last_used_at")
