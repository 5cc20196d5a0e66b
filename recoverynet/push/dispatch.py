"""The push worker: send queued deliveries under a lease, many at a time. It sends whatever it
is given (reminders/due.py queues the reminders; notify() and the push views queue the rest).

Each batch of deliveries is leased for a minute, the lease renewed while the batch is sent, and
each push's outcome recorded as soon as it is known. A worker that dies leaves a lease that
expires within a minute, and the next worker sends what was left: only the pushes the dead
worker had out (at most its concurrency, 16) may arrive twice, each with the same Topic so a
push service replaces rather than doubles them.
"""
import os
import socket
import time
import uuid
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Connection, and_, delete, or_, select, update

from recoverynet.extensions import db
from recoverynet.push.endpoints import configured_origins
from recoverynet.push.models import Delivery, DeliveryStatus, PushSubscription
from recoverynet.push.sender import Outcome, SendResult, VapidSigner, send
from recoverynet.timeutil import utcnow

# A dead worker's deliveries wait at most LEASE for another worker. A live one renews its lease
# every RENEW_SECONDS whatever its pushes do (each gives up after the sender's 10 s timeout), so
# a lease three renewals long is never lost to a slow batch.
LEASE = timedelta(seconds=60)
RENEW_SECONDS = 20.0
BACKOFF = (30, 120, 600, 1800)  # seconds before attempts 2, 3, 4 and 5; then give up
MAX_RETRY_AFTER = 3600  # a push service asking us to wait longer is waited for an hour at most
MAX_ATTEMPTS = len(BACKOFF) + 1


def worker_name() -> str:
    """Who holds a lease (Delivery.claimed_by, 64 characters): the host cut to fit, never the
    process id and random part that tell two workers on one host apart."""
    unique = f":{os.getpid()}:{uuid.uuid4().hex[:6]}"
    return socket.gethostname()[:64 - len(unique)] + unique


def claim_deliveries(worker: str, now: datetime, limit: int) -> list[int]:
    """Lease up to `limit` sendable deliveries to this worker; no two workers get the same one."""
    claimable = and_(Delivery.status == DeliveryStatus.QUEUED, Delivery.not_before <= now,
                     or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
    # Lock the ids first (other workers skip them), then lease exactly those. The UPDATE checks
    # `claimable` again, which is what keeps SQLite (no row locks) from leasing one row twice;
    # there, a worker whose picks were all leased by another just before looks again: each
    # look finds fewer, so this ends.
    while True:
        ids = db.session.scalars(select(Delivery.id).where(claimable).order_by(Delivery.not_before, Delivery.id)
                                 .limit(limit).with_for_update(skip_locked=True)).all()
        claimed = []
        if ids:
            claimed = db.session.execute(
                update(Delivery).where(Delivery.id.in_(ids), claimable)
                .values(claimed_until=now + LEASE, claimed_by=worker, attempts=Delivery.attempts + 1)
                .returning(Delivery.id).execution_options(synchronize_session=False)).scalars().all()
        db.session.commit()
        if claimed or not ids:
            return list(claimed)


def _outcome_values(outcome: Outcome, attempts: int, now: datetime) -> dict:
    """The columns a push's outcome sets (a retry also moves not_before)."""
    values = {"status": DeliveryStatus.QUEUED, "sent_at": None, "last_status": outcome.http_status,
              "last_error": outcome.error}
    if outcome.status == SendResult.SENT:
        values.update(status=DeliveryStatus.SENT, sent_at=now)
    elif outcome.status == SendResult.GONE:
        values.update(status=DeliveryStatus.GONE)
    elif outcome.status == SendResult.RETRY and attempts < MAX_ATTEMPTS:
        wait = min(outcome.retry_after, MAX_RETRY_AFTER) if outcome.retry_after is not None else BACKOFF[attempts - 1]
        values.update(not_before=now + timedelta(seconds=wait))
    else:
        values.update(status=DeliveryStatus.FAILED)
    return values


def _record(connection: Connection, worker: str, results: list[tuple[tuple, Outcome]], now: datetime) -> int:
    """Write the outcomes of some sent pushes and prune dead subscriptions (those the push service
    no longer knows, and endpoints the sender now refuses), in one short transaction. Only this
    worker's leases are touched. Returns how many were sent."""
    # One UPDATE per distinct outcome (usually just "sent"), not one per push: the main thread
    # shares the interpreter with the sending threads, and every statement waits its turn.
    ids_by_values: dict[tuple, list[int]] = {}
    for row, outcome in results:
        values = _outcome_values(outcome, row[5], now)
        ids_by_values.setdefault(tuple(values.items()), []).append(row[0])
    for values, ids in ids_by_values.items():
        connection.execute(update(Delivery).where(Delivery.id.in_(ids), Delivery.claimed_by == worker)
                           .values(**dict(values), claimed_until=None, claimed_by=""))
    gone = {row[6] for row, outcome in results if outcome.status == SendResult.GONE and row[6] is not None}
    if gone:
        connection.execute(update(Delivery).where(Delivery.subscription_id.in_(gone)).values(subscription_id=None))
        connection.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
    connection.commit()
    return sum(outcome.status == SendResult.SENT for _, outcome in results)


def _renew(connection: Connection, worker: str, ids: list[int]) -> set[int]:
    """Extend this worker's lease on `ids`; returns those it still holds."""
    held = connection.execute(
        update(Delivery).where(Delivery.id.in_(ids), Delivery.claimed_by == worker,
                               Delivery.status == DeliveryStatus.QUEUED)
        .values(claimed_until=utcnow() + LEASE).returning(Delivery.id)).scalars().all()
    connection.commit()
    return set(held)


def send_claimed(worker: str, ids: list[int], signer: VapidSigner, concurrency: int,
                 pool: ThreadPoolExecutor | None = None) -> int:
    """Send a leased batch, `concurrency` pushes at a time, recording each outcome as it comes in.

    A push is only handed to a thread when fewer than `concurrency` are out (sent or sending,
    not yet recorded), so a worker killed at any moment repeats at most `concurrency` pushes.
    Outcomes that come in together are written in one commit, which keeps the fan-out fast."""
    if pool is None:
        with ThreadPoolExecutor(max_workers=concurrency) as own_pool:
            return send_claimed(worker, ids, signer, concurrency, own_pool)
    rows = db.session.execute(
        select(Delivery.id, Delivery.payload, Delivery.ttl, Delivery.urgency, Delivery.topic, Delivery.attempts,
               PushSubscription.id, PushSubscription.endpoint, PushSubscription.p256dh, PushSubscription.auth)
        .join(PushSubscription, Delivery.subscription_id == PushSubscription.id, isouter=True)
        .where(Delivery.id.in_(ids)).order_by(Delivery.id)).all()  # oldest first, on every database
    db.session.commit()  # no transaction stays open during the network calls
    allowed = configured_origins(current_app.config)

    def deliver(row) -> Outcome:
        if row[6] is None:
            return Outcome(SendResult.GONE, error="subscription removed")
        info = {"endpoint": row[7], "keys": {"p256dh": row[8], "auth": row[9]}}
        return send(signer, info, row[1], ttl=row[2], urgency=row[3], topic=row[4], allowed=allowed)

    waiting, out, sent = deque(rows), {}, 0
    renew_at = time.monotonic() + RENEW_SECONDS
    # One connection for the batch's small commits: no pool check-out (and ping) for each.
    with db.engine.connect() as connection:
        while waiting or out:
            while waiting and len(out) < concurrency:
                row = waiting.popleft()
                out[pool.submit(deliver, row)] = row
            done, _ = wait(out, timeout=max(0.0, renew_at - time.monotonic()), return_when=FIRST_COMPLETED)
            if done:
                sent += _record(connection, worker, [(out.pop(future), future.result()) for future in done],
                                utcnow())
            if (waiting or out) and time.monotonic() >= renew_at:
                # A lease lost anyway (this process stalled past it) is another worker's now: don't send those.
                held = _renew(connection, worker, [row[0] for row in [*waiting, *out.values()]])
                waiting = deque(row for row in waiting if row[0] in held)
                renew_at = time.monotonic() + RENEW_SECONDS
    return sent


def signer_from_config() -> VapidSigner:
    config = current_app.config
    return VapidSigner(config["VAPID_PRIVATE_KEY"], config["VAPID_SUBJECT"])


def send_queued(worker: str, signer: VapidSigner, *, batch: int = 200, concurrency: int = 16) -> int:
    """Send until nothing sendable is left. Returns how many were sent."""
    sent = 0
    with ThreadPoolExecutor(max_workers=concurrency) as pool:  # its threads serve every batch
        while ids := claim_deliveries(worker, utcnow(), batch):
            sent += send_claimed(worker, ids, signer, concurrency, pool)
    return sent
