from .models import Reminder

UNREAD_CAP = 99


def unread_count(request) -> int | str:
    """The user's unread reminders, capped like the queue badges (one indexed query, once per request: the
    menu's badge and the page's context share it)."""
    if not hasattr(request, "_unread_reminders"):
        count = Reminder.objects.visible_to(request.user).unread()[: UNREAD_CAP + 1].count()
        request._unread_reminders = f"{UNREAD_CAP}+" if count > UNREAD_CAP else count
    return request._unread_reminders


def unread_reminders(request) -> dict:
    """The unread count on the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_reminders": unread_count(request)}
