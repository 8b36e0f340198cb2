"""When demo matters come in, as at a real office: visits, calls, letters and faxes during the desk's hours on
working days (the official calendar, with its adjusted weekends); online petitions at any hour."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from xinfang.clocks.models import work_calendar

# The desk's hours (the default of the policy 接待时间): 9:00–12:00 and 14:00–17:30.
DESK_HOURS = ((time(9, 0), time(12, 0)), (time(14, 0), time(17, 30)))


class DeskHours:
    """Moments within the last ``days`` days (today left out): at the desk, or at any hour."""

    def __init__(self, rng: random.Random, *, now: datetime, days: int):
        self.rng = rng
        self.now = now
        today = timezone.localdate(now)
        calendar = work_calendar()
        self.days = [today - timedelta(days=n) for n in range(1, days + 1)]
        self.working_days = [d for d in self.days if calendar.is_working_day(d)]
        self.minutes = [
            (start, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))
            for start, end in DESK_HOURS
        ]

    def at_desk(self) -> datetime:
        """A moment in the desk's hours on a working day, weighted by the length of each part of the day."""
        day = self.rng.choice(self.working_days)
        start, length = self.rng.choices(self.minutes, [m for _, m in self.minutes])[0]
        return self._moment(day, start, self.rng.randrange(length))

    def any_hour(self) -> datetime:
        return self._moment(self.rng.choice(self.days), time(0, 0), self.rng.randrange(24 * 60))

    @staticmethod
    def _moment(day: date, start: time, minutes: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, start) + timedelta(minutes=minutes))
