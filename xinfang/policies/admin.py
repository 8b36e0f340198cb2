from django import forms
from django.contrib import admin
from django.db import models

from .models import TEXT_DEFAULTS, Policy, PolicyText


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("label", "value", "help", "key")
    list_editable = ("value",)
    readonly_fields = ("key",)
    exclude = ("text",)

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(key__in=TEXT_DEFAULTS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyText)
class PolicyTextAdmin(admin.ModelAdmin):
    """The office's phone and desk hours, printed on the receipt and the registration sheet."""

    list_display = ("label", "text", "help", "key")
    list_editable = ("text",)
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 60})}}
    fields = ("key", "label", "text", "help")
    readonly_fields = ("key", "label", "help")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(key__in=TEXT_DEFAULTS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
