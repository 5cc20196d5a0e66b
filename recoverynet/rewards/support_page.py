"""Rewards' part of a member's support page: the encouragement buttons, and the rewards this
member gave the client, each as the member may see it (consent.py).

The page is network's (network/support.py); rewards offers its part to the page's template
(templates/rewards/_for_member.html), because rewards imports network and network must not
import it back."""
from flask import Flask

from recoverynet.network.models import Contact
from recoverynet.rewards.consent import GIVER_STATUS_TEXT, giver_may_follow, status_for_giver
from recoverynet.rewards.models import READY_PHRASES, Reward


def rewards_from_member(contact: Contact) -> list[tuple[Reward, str, bool]]:
    """Each reward the card's member gave its client, newest first: the reward, the state the
    member is shown, and whether to ask them to review it (the client started a new count)."""
    return [(reward, status_for_giver(reward, contact), reward.giver_should_review and giver_may_follow(reward, contact))
            for reward in contact.rewards_given]


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(encouragement_phrases=READY_PHRASES, giver_status_text=GIVER_STATUS_TEXT,
                                 rewards_from_member=rewards_from_member)
