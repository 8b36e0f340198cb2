from django.contrib import admin

from .models import HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("on", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "on"
