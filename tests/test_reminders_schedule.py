"""Reminders fire at the person's own local time, across daylight-saving changes and zone changes."""
from datetime import date, datetime, timezone

import pytest

from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import next_due
from recoverynet.timeutil import quiet_hours_end


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def daily(at: str, **fields) -> Reminder:
    return Reminder(kind=fields.pop("kind", "checkin"), times=at, lead_minutes=fields.pop("lead_minutes", 0), **fields)


@pytest.mark.parametrize(("zone_name", "after", "expected"), [
    # Europe/London springs forward on 29 March 2026 (01:00 GMT -> 02:00 BST)...
    ("Europe/London", utc(2026, 3, 28, 19), utc(2026, 3, 28, 20)),  # 20:00 GMT the night before
    ("Europe/London", utc(2026, 3, 29, 18), utc(2026, 3, 29, 19)),  # 20:00 BST the day of the change
    # ...and falls back on 25 October 2026.
    ("Europe/London", utc(2026, 10, 24, 18), utc(2026, 10, 24, 19)),  # 20:00 BST
    ("Europe/London", utc(2026, 10, 25, 19), utc(2026, 10, 25, 20)),  # 20:00 GMT
    # America/New_York springs forward on 8 March 2026 and falls back on 1 November 2026.
    ("America/New_York", utc(2026, 3, 8, 0, 30), utc(2026, 3, 8, 1)),  # 20:00 EST on 7 March
    ("America/New_York", utc(2026, 3, 8, 23), utc(2026, 3, 9, 0)),     # 20:00 EDT on 8 March
    ("America/New_York", utc(2026, 10, 31, 23), utc(2026, 11, 1, 0)),  # 20:00 EDT on 31 October
    ("America/New_York", utc(2026, 11, 2, 0), utc(2026, 11, 2, 1)),    # 20:00 EST on 1 November
])
def test_a_daily_reminder_keeps_its_local_time_across_daylight_saving(zone_name, after, expected):
    assert next_due(daily("20:00"), after, zone_name) == expected


def test_a_time_skipped_by_spring_forward_is_sent_an_hour_later_once():
    reminder = daily("01:30")
    # 01:30 does not exist in London on 29 March 2026; it goes out at 02:30 BST (01:30 UTC).
    first = next_due(reminder, utc(2026, 3, 28, 12), "Europe/London")
    assert first == utc(2026, 3, 29, 1, 30)
    assert next_due(reminder, first, "Europe/London") == utc(2026, 3, 30, 0, 30)


def test_a_time_repeated_by_fall_back_is_sent_once():
    reminder = daily("01:30")
    # 01:30 happens twice in London on 25 October 2026: at 00:30 UTC (BST) and 01:30 UTC (GMT).
    first = next_due(reminder, utc(2026, 10, 24, 12), "Europe/London")
    assert first == utc(2026, 10, 25, 0, 30)
    assert next_due(reminder, first, "Europe/London") == utc(2026, 10, 26, 1, 30)


def test_a_time_repeated_by_fall_back_in_new_york_is_sent_once():
    reminder = daily("01:30")
    first = next_due(reminder, utc(2026, 10, 31, 12), "America/New_York")
    assert first == utc(2026, 11, 1, 5, 30)  # 01:30 EDT
    assert next_due(reminder, first, "America/New_York") == utc(2026, 11, 2, 6, 30)  # 01:30 EST next day


def test_a_zone_change_moves_the_reminder_to_the_new_local_time():
    reminder = daily("08:00")
    now = utc(2026, 6, 1, 0)
    assert next_due(reminder, now, "Europe/London") == utc(2026, 6, 1, 7)
    assert next_due(reminder, now, "Australia/Sydney") == utc(2026, 6, 1, 22)  # 08:00 AEST on 2 June


def test_medication_several_times_a_day_goes_in_order():
    reminder = daily("21:00,08:00", kind="medication")
    first = next_due(reminder, utc(2026, 6, 1, 0), "UTC")
    second = next_due(reminder, first, "UTC")
    assert (first, second) == (utc(2026, 6, 1, 8), utc(2026, 6, 1, 21))


def test_a_weekly_meeting_is_reminded_before_on_its_weekday():
    reminder = daily("19:00", kind="meeting", weekday=3, lead_minutes=30)  # Thursdays
    assert next_due(reminder, utc(2026, 6, 1, 0), "UTC") == utc(2026, 6, 4, 18, 30)


def test_an_appointment_is_reminded_once_ahead_of_time():
    reminder = daily("10:00", kind="appointment", on_date=date(2026, 6, 10), lead_minutes=60)
    first = next_due(reminder, utc(2026, 6, 1), "Europe/London")
    assert first == utc(2026, 6, 10, 8)
    assert next_due(reminder, first, "Europe/London") is None


@pytest.mark.parametrize(("moment", "held_until"), [
    (utc(2026, 6, 1, 22), utc(2026, 6, 2, 6)),  # 23:00 BST, inside 22:00-07:00: held until 07:00 next day
    (utc(2026, 6, 1, 2), utc(2026, 6, 1, 6)),   # 03:00 BST: held until 07:00 the same day
    (utc(2026, 6, 1, 11), None),                # midday is outside quiet hours
])
def test_quiet_hours_hold_a_push_until_they_end(moment, held_until):
    assert quiet_hours_end(moment, "22:00", "07:00", "Europe/London") == held_until


def test_no_quiet_hours_hold_nothing():
    assert quiet_hours_end(utc(2026, 6, 1, 2), "", "", "Europe/London") is None
