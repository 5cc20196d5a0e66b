"""Turning due reminders into pushes exactly once, and the worker's pass (queue, then send).

Each due reminder is locked (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer) and
advanced to its next time by a compare-and-set in the same transaction that queues its
deliveries, so it is queued once whatever happens to the worker. Sending is push's job
(push/dispatch.py): it sends whatever is queued, reminders or not.
"""
from collections.abc import Callable
from datetime import datetime, timedelta


from sqlalchemy import bindparam, insert, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.push.dispatch import send_queued
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.queue import TTL, payload
from recoverynet.push.sender import VapidSigner
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import dose_at, next_due
from recoverynet.reminders.texts import answer_labels, reminder_text
from recoverynet.timeutil import quiet_hours_end, utcnow

STALE = timedelta(hours=6)  # after a long outage, don't send yesterday's "time for your check-in"
# Features that send a reminder to more people than its owner register here, by name, at start-up
# (the weekly check-in's participants: checkins/due.py): each takes the due (reminder, occurrence)
# pairs and returns [(person, push payload, reminder id, occurrence)], each payload in that person's language.
ALSO_REMINDED: dict[str, Callable] = {}
# Work each pass of the worker does for features above reminders (a day-before push of an action
# item): each takes `now` and returns how many it queued.
EACH_PASS: dict[str, Callable] = {}
REMINDER_URLS = {"checkin": "/log/new", "medication": "/medication", "meeting": "/meetings",
                 "appointment": "/reminders", "weekly": "/checkins"}


def reminder_payload(reminder: Reminder, user: User, sent_at: datetime | None = None) -> str:
    """What a reminder's push carries; the same for its due time and for a snooze. In the
    person's language, also when the worker queues it (outside any request). A medication
    reminder's carries the dose it is about (the one due at `sent_at`; for a snooze, the latest
    one until now) and its answer buttons, so a tap after midnight still answers that dose."""
    with in_language_of(user):
        title, body = reminder_text(reminder, user.detailed_notifications)
        if reminder.kind == "medication" and (dose := dose_at(reminder, sent_at or utcnow(), user.timezone)):
            return payload(title, body, REMINDER_URLS[reminder.kind], f"r{reminder.id}", reminder.id,
                           answers=answer_labels(user.detailed_notifications),
                           dose={"reminder": reminder.id, "day": dose[0].isoformat(), "time": dose[1]})
        return payload(title, body, REMINDER_URLS[reminder.kind], f"r{reminder.id}", reminder.id)


def queue_due_reminders(now: datetime | None = None, limit: int = 500) -> int:
    """Queue deliveries for every reminder due by `now` and move each to its next time."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Reminder).where(Reminder.next_due_at <= now, Reminder.paused.is_(False))
        .order_by(Reminder.next_due_at).limit(limit).with_for_update(skip_locked=True)).all()
    if not due:
        db.session.commit()
        return 0
    user_ids = {r.user_id for r in due}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    devices: dict[int, list[int]] = {}
    for sub_id, user_id in db.session.execute(select(PushSubscription.id, PushSubscription.user_id)
                                              .where(PushSubscription.user_id.in_(user_ids))):
        devices.setdefault(user_id, []).append(sub_id)
    moves, deliveries, sent = [], [], []
    for reminder in due:
        user, occurrence = users[reminder.user_id], reminder.next_due_at
        moves.append({"b_id": reminder.id, "b_old": occurrence,
                      "b_new": next_due(reminder, max(occurrence, now), user.timezone)})
        if now - occurrence > STALE:
            continue
        sent.append((reminder, occurrence))
        body_json = reminder_payload(reminder, user, occurrence)
        not_before = quiet_hours_end(occurrence, user.quiet_start, user.quiet_end, user.timezone) or occurrence
        deliveries += [{"user_id": user.id, "subscription_id": sub_id, "reminder_id": reminder.id,
                        "occurrence_at": occurrence, "kind": "reminder", "payload": body_json,
                        "topic": f"r{reminder.id}", "urgency": "normal", "ttl": TTL["reminder"],
                        "not_before": not_before, "created_at": now}
                       for sub_id in devices.get(user.id, [])]
    deliveries += _others_reminded(sent, now)
    # Compare-and-set: if any reminder was already moved by another worker, this batch is theirs.
    table = Reminder.__table__
    moved = db.session.execute(
        table.update().where(table.c.id == bindparam("b_id"), table.c.next_due_at == bindparam("b_old"))
        .values(next_due_at=bindparam("b_new")), moves)
    if moved.rowcount != len(moves):
        db.session.rollback()
        return 0
    if deliveries:
        db.session.execute(insert(Delivery), deliveries)
    db.session.commit()
    return len(due)


def _others_reminded(sent: list[tuple[Reminder, datetime]], now: datetime) -> list[dict]:
    """Deliveries for the other people these reminders reach, on each of their devices, held by
    each person's own quiet hours (in their own time zone)."""
    others = [found for also in ALSO_REMINDED.values() for found in also(sent)] if sent else []
    if not others:
        return []
    devices: dict[int, list[int]] = {}
    for sub_id, user_id in db.session.execute(select(PushSubscription.id, PushSubscription.user_id)
                                              .where(PushSubscription.user_id.in_({o[0].id for o in others}))):
        devices.setdefault(user_id, []).append(sub_id)
    deliveries = []
    for person, body_json, reminder_id, occurrence in others:
        not_before = quiet_hours_end(occurrence, person.quiet_start, person.quiet_end, person.timezone) or occurrence
        deliveries += [{"user_id": person.id, "subscription_id": sub_id, "reminder_id": None,
                        "occurrence_at": occurrence, "kind": "reminder", "payload": body_json,
                        "topic": f"r{reminder_id}", "urgency": "normal", "ttl": TTL["reminder"],
                        "not_before": not_before, "created_at": now}
                       for sub_id in devices.get(person.id, [])]
    return deliveries


def run_once(worker: str, signer: VapidSigner, *, batch: int = 200, concurrency: int = 16) -> dict:
    """Queue everything due, then send until nothing sendable is left. Returns counts."""
    counts = {"reminders": 0, "sent": 0}
    while made := queue_due_reminders():
        counts["reminders"] += made
    for step in EACH_PASS.values():
        counts["reminders"] += step(utcnow())
    counts["sent"] = send_queued(worker, signer, batch=batch, concurrency=concurrency)
    return counts
