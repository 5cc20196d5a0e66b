"""The reminder and push worker: turn due reminders into deliveries exactly once, then send
deliveries under a lease, many at a time.

Step 1 holds no lease: each due reminder is locked (FOR UPDATE SKIP LOCKED on PostgreSQL;
SQLite has one writer) and advanced to its next time by a compare-and-set in the same
transaction that queues its deliveries, so it is queued once whatever happens to the worker.
Step 2 leases a batch of deliveries; a worker that dies leaves a lease that expires, and the
next worker sends them again: those in flight at the kill may arrive twice, each with the
same Topic so a push service replaces rather than doubles them.
"""
import os
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.queue import TTL, payload, queue_push
from recoverynet.push.sender import Outcome, VapidSigner, send
from recoverynet.push.texts import reminder_text
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import next_due
from recoverynet.timeutil import utcnow

LEASE = timedelta(minutes=5)
STALE = timedelta(hours=6)  # after a long outage, don't send yesterday's "time for your check-in"
BACKOFF = (30, 120, 600, 1800)  # seconds before attempts 2, 3, 4 and 5; then give up
MAX_ATTEMPTS = len(BACKOFF) + 1
REMINDER_URLS = {"checkin": "/log/new", "medication": "/reminders", "meeting": "/meetings",
                 "appointment": "/reminders", "weekly": "/"}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:64]


def queue_due_reminders(now: datetime | None = None, limit: int = 500) -> int:
    """Queue deliveries for every reminder due by `now` and move each to its next time."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Reminder).where(Reminder.next_due_at <= now, Reminder.paused.is_(False))
        .order_by(Reminder.next_due_at).limit(limit).with_for_update(skip_locked=True)).all()
    for reminder in due:
        user = db.session.get(User, reminder.user_id)
        occurrence = reminder.next_due_at
        following = next_due(reminder, max(occurrence, now), user.timezone)
        # Compare-and-set: if another worker already moved it, this batch is theirs.
        moved = db.session.execute(update(Reminder).where(
            Reminder.id == reminder.id, Reminder.next_due_at == occurrence).values(next_due_at=following))
        if moved.rowcount != 1:
            db.session.rollback()
            return 0
        if now - occurrence > STALE:
            continue
        title, body = reminder_text(reminder, user.detailed_notifications)
        queue_push(user, "reminder", payload(title, body, REMINDER_URLS[reminder.kind], f"r{reminder.id}",
                                             reminder.id),
                   when=occurrence, topic=f"r{reminder.id}", ttl=TTL["reminder"], reminder_id=reminder.id,
                   occurrence_at=occurrence)
    db.session.commit()
    return len(due)


def claim_deliveries(worker: str, now: datetime, limit: int) -> list[int]:
    """Lease up to `limit` sendable deliveries to this worker; no two workers get the same one."""
    claimable = and_(Delivery.status == "queued", Delivery.not_before <= now,
                     or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
    candidates = (select(Delivery.id).where(claimable).order_by(Delivery.not_before, Delivery.id)
                  .limit(limit).with_for_update(skip_locked=True).scalar_subquery())
    claimed = db.session.execute(
        update(Delivery).where(Delivery.id.in_(candidates), claimable)
        .values(claimed_until=now + LEASE, claimed_by=worker, attempts=Delivery.attempts + 1)
        .returning(Delivery.id)).scalars().all()
    db.session.commit()
    return list(claimed)


def _record(delivery_id: int, worker: str, outcome: Outcome, attempts: int, now: datetime) -> None:
    values = {"claimed_until": None, "claimed_by": "", "last_status": outcome.http_status,
              "last_error": outcome.error}
    if outcome.status == "sent":
        values.update(status="sent", sent_at=now)
    elif outcome.status == "gone":
        values.update(status="gone")
    elif outcome.status == "retry" and attempts < MAX_ATTEMPTS:
        wait = outcome.retry_after if outcome.retry_after is not None else BACKOFF[attempts - 1]
        values.update(not_before=now + timedelta(seconds=wait))
    else:
        values.update(status="failed")
    db.session.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.claimed_by == worker)
                       .values(**values))


def send_claimed(worker: str, ids: list[int], signer: VapidSigner, concurrency: int) -> int:
    """Send a leased batch concurrently, then record every outcome and prune dead subscriptions."""
    rows = db.session.execute(
        select(Delivery.id, Delivery.payload, Delivery.ttl, Delivery.urgency, Delivery.topic, Delivery.attempts,
               PushSubscription.id, PushSubscription.endpoint, PushSubscription.p256dh, PushSubscription.auth)
        .join(PushSubscription, Delivery.subscription_id == PushSubscription.id, isouter=True)
        .where(Delivery.id.in_(ids))).all()
    db.session.commit()  # no transaction stays open during the network calls

    def deliver(row) -> Outcome:
        if row[6] is None:
            return Outcome("gone", error="subscription removed")
        info = {"endpoint": row[7], "keys": {"p256dh": row[8], "auth": row[9]}}
        return send(signer, info, row[1], ttl=row[2], urgency=row[3], topic=row[4])

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(deliver, rows))
    now = utcnow()
    gone = set()
    for row, outcome in zip(rows, outcomes):
        _record(row[0], worker, outcome, row[5], now)
        if outcome.status == "gone" and row[6] is not None:
            gone.add(row[6])
    if gone:
        db.session.execute(update(Delivery).where(Delivery.subscription_id.in_(gone)).values(subscription_id=None))
        db.session.query(PushSubscription).filter(PushSubscription.id.in_(gone)).delete(synchronize_session=False)
    db.session.commit()
    return sum(o.status == "sent" for o in outcomes)


def signer_from_config() -> VapidSigner:
    config = current_app.config
    return VapidSigner(config["VAPID_PRIVATE_KEY"], config["VAPID_SUBJECT"])


def run_once(worker: str, signer: VapidSigner, *, batch: int = 200, concurrency: int = 16) -> dict:
    """Queue everything due, then send until nothing sendable is left. Returns counts."""
    counts = {"reminders": 0, "sent": 0}
    while made := queue_due_reminders():
        counts["reminders"] += made
    while ids := claim_deliveries(worker, utcnow(), batch):
        counts["sent"] += send_claimed(worker, ids, signer, concurrency)
    return counts
