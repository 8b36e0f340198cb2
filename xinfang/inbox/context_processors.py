from .models import Reminder

UNREAD_CAP = 99


def unread_reminders(request) -> dict:
    """The unread count on the navigation bar, capped like the queue badges (one indexed query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Reminder.objects.visible_to(user).unread()[: UNREAD_CAP + 1].count()
    return {"unread_reminders": f"{UNREAD_CAP}+" if count > UNREAD_CAP else count}
