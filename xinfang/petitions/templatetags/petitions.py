from django import template

register = template.Library()


@register.filter
def days_left(clock, today) -> int:
    return clock.days_left(today)
