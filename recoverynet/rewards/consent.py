"""What the giver of a reward may learn about it. The rule: the real state of a reward tied to
a milestone only reaches a giver who holds the scope that covers that milestone, or whom the
client chose to tell. Anyone else sees only what follows from their own and the client's
deliberate acts: offered, accepted or not, withdrawn."""
from flask_babel import lazy_gettext

from recoverynet.network.access import may_follow_milestone, membership
from recoverynet.network.models import Contact
from recoverynet.rewards.models import Reward, RewardStatus

# Not a stored status (the reward is pledged): what a giver who can't follow the milestone is shown
# once the client accepted their offer.
ACCEPTED = "accepted"
# What a giver is shown for each state they may see, in their words.
GIVER_STATUS_TEXT = {
    RewardStatus.OFFERED: lazy_gettext("Offered, waiting for an answer"),
    ACCEPTED: lazy_gettext("Accepted"),
    RewardStatus.DECLINED: lazy_gettext("Not taken up"),
    RewardStatus.PLEDGED: lazy_gettext("Pledged"),
    RewardStatus.UNLOCKED: lazy_gettext("Unlocked"),
    RewardStatus.REDEEMED: lazy_gettext("Redeemed"),
    RewardStatus.WITHDRAWN: lazy_gettext("Withdrawn"),
}
# States that are set only by the giver's or the client's own deliberate act.
_ACTS = (RewardStatus.OFFERED, RewardStatus.DECLINED, RewardStatus.WITHDRAWN)


def giver_may_follow(reward: Reward, contact: Contact | None = None) -> bool:
    """Whether the giver may see how this reward stands (its unlocking, redeeming, a new count)."""
    if reward.giver_told_at is not None:
        return True
    if contact is None:
        contact = membership(reward.client_id, reward.giver_id) if reward.giver_id else None
    # Someone who left the network follows nothing, not even a reward given with no milestone
    # (what the client chose to tell them, above, stays told).
    return contact is not None and may_follow_milestone(contact, reward.milestone_kind)


def status_for_giver(reward: Reward, contact: Contact | None = None) -> str:
    """The state the giver is shown: the real one if they may follow it, else what they did and
    what the client answered, which never changes with the client's days, check-ins or meetings."""
    if reward.status in _ACTS or giver_may_follow(reward, contact):
        return reward.status
    return ACCEPTED if reward.accepted_at else RewardStatus.PLEDGED
