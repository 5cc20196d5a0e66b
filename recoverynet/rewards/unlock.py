"""Pledged rewards unlock by themselves when their milestone is reached, exactly once."""
from datetime import datetime

from flask_babel import lazy_gettext, lazy_ngettext
from sqlalchemy import func, select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.notifications.notify import notify
from recoverynet.rewards.consent import giver_may_follow
from recoverynet.rewards.models import Reward, RewardStatus
from recoverynet.sobriety.milestones import sober_days
from recoverynet.timeutil import local, local_today, utcnow


def progress(reward: Reward, client: User) -> int:
    """How far the client is towards this reward's milestone (see progress_of)."""
    return progress_of([reward], client)[reward.id]


def progress_of(rewards: list[Reward], client: User) -> dict[int, int]:
    """How far the client is towards each reward's milestone: {reward id: count}.

    Sober days are the client's own count (it follows a new sober date after a slip);
    check-ins and meetings are counted from the day the reward was pledged, and only up to the
    target: past it the answer is the same, and a pledge made years ago reads no more rows.
    Every counted reward is one column of a single statement, however many there are."""
    counted = {}
    for reward in rewards:
        if reward.milestone_kind == "checkins":
            rows = select(Entry.id).where(Entry.user_id == client.id, Entry.logged_at >= reward.pledged_at)
        elif reward.milestone_kind == "meetings":
            pledged_on = local(reward.pledged_at, client.timezone).date()
            rows = select(Meeting.id).where(Meeting.client_id == client.id, Meeting.attended_on >= pledged_on)
        else:
            continue
        counted[reward.id] = (select(func.count()).select_from(rows.limit(reward.milestone_target).subquery())
                              .scalar_subquery())
    counts = dict(zip(counted, db.session.execute(select(*counted.values())).one())) if counted else {}
    days = sober_days(client.sober_since, local_today(client.timezone)) or 0
    return {reward.id: counts.get(reward.id, days if reward.milestone_kind == "sober_days" else 0)
            for reward in rewards}


def _claim(reward_id: int, now: datetime) -> bool:
    """Move one reward from pledged to unlocked; only one caller can ever win."""
    result = db.session.execute(update(Reward).where(Reward.id == reward_id, Reward.status == RewardStatus.PLEDGED)
                                .values(status=RewardStatus.UNLOCKED, unlocked_at=now))
    return result.rowcount == 1


def _reached(reward: Reward):
    """The client's notice, read in the client's language when it is sent (notify)."""
    target, title = reward.milestone_target, reward.title
    if reward.milestone_kind == "checkins":
        return lazy_ngettext("You reached %(num)d check-in: “%(title)s” is yours.",
                             "You reached %(num)d check-ins: “%(title)s” is yours.", target, title=title)
    if reward.milestone_kind == "meetings":
        return lazy_ngettext("You reached %(num)d meeting: “%(title)s” is yours.",
                             "You reached %(num)d meetings: “%(title)s” is yours.", target, title=title)
    return lazy_ngettext("You reached %(num)d sober day: “%(title)s” is yours.",
                         "You reached %(num)d sober days: “%(title)s” is yours.", target, title=title)


def unlock_due_rewards(client: User) -> list[Reward]:
    """Unlock every pledge whose milestone the client has reached; tell the client and the giver.
    Done in the caller's transaction: the caller commits (a receiver of events.py never does)."""
    pledged = db.session.scalars(select(Reward).where(
        Reward.client_id == client.id, Reward.status == RewardStatus.PLEDGED,
        Reward.milestone_kind.is_not(None))).all()
    unlocked = []
    now = utcnow()
    reached = progress_of(pledged, client)
    for reward in pledged:
        if reached[reward.id] >= reward.milestone_target and _claim(reward.id, now):
            unlocked.append(reward)
            notify(client.id, "reward_unlocked", _reached(reward), f"/rewards/{reward.id}")
            if giver_may_follow(reward):
                notify(reward.giver_id, "reward_unlocked",
                       lazy_gettext("%(name)s reached the milestone for “%(title)s”.", name=client.display_name,
                                    title=reward.title), f"/rewards/{reward.id}")
    return unlocked


def unlock_all_due_rewards() -> tuple[int, int]:
    """Unlock reached pledges for every client who has any: (rewards unlocked, clients checked).
    The worker's job for day counts, which pass with time and no event: each client's unlocks
    are committed on their own."""
    client_ids = db.session.scalars(select(Reward.client_id).where(Reward.status == RewardStatus.PLEDGED)
                                    .distinct()).all()
    unlocked = 0
    for client_id in client_ids:
        unlocked += len(unlock_due_rewards(db.session.get(User, client_id)))
        db.session.commit()
    return unlocked, len(client_ids)


def flag_pledges_after_new_count(client: User) -> None:
    """A new sober date never silently cancels a pledge: its giver is asked what they want.
    Only givers who may see the sober days hear of it: to anyone else a new count is a relapse told."""
    pledged = db.session.scalars(select(Reward).where(
        Reward.client_id == client.id, Reward.status == RewardStatus.PLEDGED,
        Reward.milestone_kind == "sober_days"))
    for reward in pledged:
        if not giver_may_follow(reward):
            continue
        reward.giver_should_review = True
        notify(reward.giver_id, "pledge_review",
               lazy_gettext("%(name)s has started a new count. Your pledge “%(title)s” is still there: "
                            "keep it as it is or change it.", name=client.display_name, title=reward.title),
               f"/rewards/{reward.id}")
