from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .abilities import abilities_of
from .models import ApiToken, User, hash_token


def administrators_only(request) -> bool:
    """The Django admin is for administrators only (dictionaries, organisations, users, settings)."""
    user = request.user
    return user.is_active and user.is_staff and user.can("admin.manage")


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
        (
            "信息",
            {"fields": ("name", "org", "role", "role_abilities", "is_active", "is_staff", "is_superuser")},
        ),
    )
    add_fieldsets = ((None, {"fields": ("username", "name", "org", "role", "password1", "password2")}),)
    autocomplete_fields = ("org",)
    readonly_fields = ("role_abilities",)

    @admin.display(description="该角色可以")
    def role_abilities(self, obj: User) -> str:
        """What the user's role allows (accounts/abilities.py), one ability a line."""
        return format_html_join(mark_safe("<br>"), "{}", ((a.description,) for a in abilities_of(obj.role)))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue (the key is shown once, on the page after saving; only its hash is stored) and revoke API tokens."""

    list_display = ("name", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "user__username", "user__name")
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name", "expires_at")
        return ("user", "name", "created_at", "expires_at", "revoked_at", "last_used_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "created_at", "expires_at", "revoked_at", "last_used_at")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            key = ApiToken.new_key()
            obj.key_hash = hash_token(key)
            request._issued_api_key = key  # shown once by response_add, never stored
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The only page that ever shows the key; not cached."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "接口令牌已签发",
            "token": obj,
            "key": request._issued_api_key,
        }
        response = TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"已吊销 {count} 个令牌；吊销后立即失效。", messages.SUCCESS)
