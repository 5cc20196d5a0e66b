"""Encouragement and rewards: members send and pledge; the client redeems and thanks."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.i18n import in_language_of
from recoverynet.network.access import may_follow_milestone, membership, require_membership
from recoverynet.notifications.notify import notify
from recoverynet.pages import commit_and_redirect, page_number, render
from recoverynet.rewards.consent import giver_may_follow, status_for_giver
from recoverynet.rewards.forms import read_pledge_form
from recoverynet.rewards.models import MILESTONE_KINDS, READY_PHRASES, REWARD_KINDS, Encouragement, Reward, RewardStatus
from recoverynet.rewards.unlock import progress_of, unlock_due_rewards
from recoverynet.timeutil import utcnow

bp = Blueprint("rewards", __name__)


def _reward_for(reward_id: int, *, client: bool = False, giver: bool = False) -> Reward:
    """The reward if the signed-in person is its client (or its giver, where allowed), else 404."""
    reward = db.session.get(Reward, reward_id, options=[joinedload(Reward.client), joinedload(Reward.giver)])
    if reward is None:
        abort(404)
    is_client = client and reward.client_id == current_user.id
    is_giver = giver and reward.giver_id == current_user.id and membership(reward.client_id, current_user.id)
    if not (is_client or is_giver):
        abort(404)
    return reward


@bp.post("/support/<int:client_id>/encourage")
@login_required
def encourage(client_id: int):
    """Send the client a short word of encouragement."""
    contact, client = require_membership(client_id)
    form = Form(request.form)
    text = form.text("text", required=gettext("Please pick a phrase or write a few words."), max_length=280)
    if not form.ok:  # the words come back as typed, with what to change (issue 15)
        return render("rewards/encourage.html", form=form, client=client, status=422)
    if text in READY_PHRASES:  # a ready phrase reaches the client in the client's language
        with in_language_of(client):
            text = str(READY_PHRASES[text])
    db.session.add(Encouragement(client_id=client.id, sender_id=current_user.id, text=text))
    notify(client.id, "encouragement", lazy_gettext("%(name)s: “%(text)s”", name=contact.name, text=text),
           "/rewards")
    return commit_and_redirect(gettext("Sent to %(name)s.", name=client.display_name), "support.client",
                               client_id=client_id)


@bp.route("/support/<int:client_id>/rewards/new", methods=["GET", "POST"])
@login_required
def pledge(client_id: int):
    """Pledge a reward tied to a milestone, or give one now."""
    contact, client = require_membership(client_id)
    form = Form(request.form)
    if request.method == "POST":
        values = read_pledge_form(form)
        if form.ok:
            reward = _create_reward(contact, client, **values)
            flash({RewardStatus.PLEDGED: gettext("Your reward is pledged."),
                   RewardStatus.UNLOCKED: gettext("Your reward is on its way."),
                   RewardStatus.OFFERED: gettext("Your offer is sent. %(name)s decides whether to accept it.",
                                                 name=client.display_name)}
                  [reward.status])
            return redirect(url_for("support.client", client_id=client.id), code=303)
    return render("rewards/pledge.html", form=form, client=client, kinds=REWARD_KINDS,
                  milestone_kinds=MILESTONE_KINDS, status=422 if form.errors else 200,
                  may_follow={kind: may_follow_milestone(contact, kind) for kind in MILESTONE_KINDS})


def _create_reward(contact, client: User, when: str, **fields) -> Reward:
    """Give now, pledge to a milestone the member may follow, or offer one they may not (the
    target is None for a reward given now)."""
    target = fields.pop("target")
    reward = Reward(client_id=client.id, giver_id=current_user.id, milestone_kind=None if when == "now" else when,
                    milestone_target=target, **fields)
    if when == "now":
        reward.status, reward.unlocked_at = RewardStatus.UNLOCKED, utcnow()
    elif not may_follow_milestone(contact, when):
        reward.status = RewardStatus.OFFERED
    db.session.add(reward)
    db.session.flush()
    title = reward.title
    if reward.status == RewardStatus.UNLOCKED:
        notify(client.id, "reward_given", lazy_gettext("%(name)s gave you a reward: “%(title)s”.",
                                                       name=contact.name, title=title), "/rewards")
    elif reward.status == RewardStatus.OFFERED:
        notify(client.id, "reward_offered", lazy_gettext("%(name)s offers you a reward: “%(title)s”, %(when)s. "
                                                         "Accept it or say no thanks.", name=contact.name, title=title,
                                                         when=reward.milestone_phrase), f"/rewards/{reward.id}")
    else:
        notify(client.id, "reward_pledged", lazy_gettext("%(name)s pledged a reward: “%(title)s”, %(when)s.",
                                                         name=contact.name, title=title,
                                                         when=reward.milestone_phrase), "/rewards")
        unlock_due_rewards(client)  # a pledge the client has already reached is theirs at once
    db.session.commit()
    return reward


# What is still to happen shows on the first page; rewards enjoyed on the pages after it, a page at
# a time (years of them cost the first page nothing), and the newest messages.
OPEN_STATUSES = (RewardStatus.OFFERED, RewardStatus.UNLOCKED, RewardStatus.PLEDGED)
ENJOYED_PAGE_SIZE = 10
MESSAGES_SHOWN = 10


@bp.get("/rewards")
@login_required
def index():
    """The client's encouragement and rewards, newest first; earlier rewards enjoyed a page at a time."""
    page = page_number()
    # One page of rewards enjoyed (one more, to know whether an earlier page exists), or on the
    # first page every open one and the latest enjoyed (to know whether to link to them), in one statement.
    enjoyed = (select(Reward.id)
               .where(Reward.client_id == current_user.id, Reward.status == RewardStatus.REDEEMED)
               .order_by(Reward.pledged_at.desc(), Reward.id.desc()))
    if page == 1:
        shown = or_(Reward.id.in_(enjoyed.limit(1).scalar_subquery()), Reward.status.in_(OPEN_STATUSES))
    else:
        shown = Reward.id.in_(enjoyed.offset((page - 2) * ENJOYED_PAGE_SIZE).limit(ENJOYED_PAGE_SIZE + 1)
                              .scalar_subquery())
    rewards = db.session.scalars(select(Reward).options(joinedload(Reward.giver))
                                 .where(Reward.client_id == current_user.id, shown)
                                 .order_by(Reward.pledged_at.desc(), Reward.id.desc())).all()
    # Offers waiting for an answer first, then ready to redeem, what is still to come, what was enjoyed.
    rewards = sorted(rewards, key=lambda r: (*OPEN_STATUSES, RewardStatus.REDEEMED).index(r.status))
    redeemed = [r for r in rewards if r.status == RewardStatus.REDEEMED]
    has_earlier = len(redeemed) > (ENJOYED_PAGE_SIZE if page > 1 else 0)
    if has_earlier:
        rewards.remove(redeemed[-1])
    if page > 1:
        return render("rewards/earlier.html", "rewards/_earlier.html", rewards=rewards, page=page,
                      has_earlier=has_earlier, progress={})
    messages = db.session.scalars(select(Encouragement).options(joinedload(Encouragement.sender))
                                  .where(Encouragement.client_id == current_user.id)
                                  .order_by(Encouragement.sent_at.desc()).limit(MESSAGES_SHOWN)).all()
    counted = [r for r in rewards if r.status in (RewardStatus.PLEDGED, RewardStatus.OFFERED)]
    return render("rewards/index.html", rewards=rewards, messages=messages, has_earlier=has_earlier, page=page,
                  progress=progress_of(counted, current_user))


def _tell_giver(reward: Reward, kind: str, text) -> None:
    """A notice to the reward's giver, linking to the reward (a lazy text: in the giver's language)."""
    notify(reward.giver_id, kind, text, f"/rewards/{reward.id}")


def _reward_page(reward: Reward, form: Form, status: int = 200):
    is_client = reward.client_id == current_user.id
    return render("rewards/show.html", reward=reward, client=reward.client, giver=reward.giver, kinds=REWARD_KINDS,
                  is_client=is_client, form=form, status=status, giver_may_follow=giver_may_follow(reward),
                  shown_status=reward.status if is_client else status_for_giver(reward))


@bp.get("/rewards/<int:reward_id>")
@login_required
def show(reward_id: int):
    """One reward, for its client or its giver."""
    return _reward_page(_reward_for(reward_id, client=True, giver=True), Form({}))


@bp.post("/rewards/<int:reward_id>/redeem")
@login_required
def redeem(reward_id: int):
    """The client marks an unlocked reward as redeemed."""
    reward = _reward_for(reward_id, client=True)
    if reward.status == RewardStatus.UNLOCKED:
        reward.status, reward.redeemed_at = RewardStatus.REDEEMED, utcnow()
        if giver_may_follow(reward):
            _tell_giver(reward, "reward_redeemed", lazy_gettext("%(name)s redeemed “%(title)s”.",
                                                                name=current_user.display_name, title=reward.title))
        db.session.commit()
        flash(gettext("Enjoy it. You earned it."))
    return redirect(url_for("rewards.show", reward_id=reward.id), code=303)


@bp.post("/rewards/<int:reward_id>/thank")
@login_required
def thank(reward_id: int):
    """The client sends the giver a thank-you."""
    reward = _reward_for(reward_id, client=True)
    form = Form(request.form)
    text = form.text("thanks", required=gettext("Please write a few words of thanks."), max_length=280)
    if not form.ok:
        return _reward_page(reward, form, status=422)
    reward.thanks, reward.thanked_at = text, utcnow()
    reward.giver_told_at = reward.giver_told_at or reward.thanked_at  # the form says thanks tells them
    _tell_giver(reward, "reward_thanked", lazy_gettext("%(name)s says thank you: “%(text)s”",
                                                       name=current_user.display_name, text=text))
    return commit_and_redirect(gettext("Your thanks are sent."), "rewards.show", reward_id=reward.id)


@bp.post("/rewards/<int:reward_id>/withdraw")
@login_required
def withdraw(reward_id: int):
    """The giver withdraws an offer, or a pledge they can see has not unlocked yet."""
    reward = _reward_for(reward_id, giver=True)
    # A giver who can't follow the milestone can't withdraw once it is accepted: whether that worked
    # would tell them if it had been earned. They get the same answer either way.
    status = reward.status
    if status == RewardStatus.OFFERED or (status == RewardStatus.PLEDGED and giver_may_follow(reward)):
        reward.status, reward.withdrawn_at = RewardStatus.WITHDRAWN, utcnow()
        db.session.commit()
        flash(gettext("The pledge is withdrawn."))
    elif not giver_may_follow(reward):
        flash(gettext("This reward can't be withdrawn now. If things have changed, talk to %(name)s.",
                      name=reward.client.display_name))
    return redirect(url_for("support.client", client_id=reward.client_id), code=303)


@bp.post("/rewards/<int:reward_id>/keep")
@login_required
def keep(reward_id: int):
    """The giver keeps a pledge as it is after the client's new count."""
    reward = _reward_for(reward_id, giver=True)
    reward.giver_should_review = False
    return commit_and_redirect(gettext("Your pledge stays as it is."), "rewards.show", reward_id=reward.id)


def _answer_offer(reward_id: int, accept: bool):
    """The client accepts an offer or says no thanks; the giver hears the answer and nothing more."""
    reward = _reward_for(reward_id, client=True)
    if reward.status == RewardStatus.OFFERED:
        if accept:
            reward.status, reward.accepted_at = RewardStatus.PLEDGED, utcnow()
            text = lazy_gettext("%(name)s accepted your offer “%(title)s”.", name=current_user.display_name,
                                title=reward.title)
            message = gettext("Accepted. It unlocks by itself when you get there.")
        else:
            reward.status = RewardStatus.DECLINED
            text = lazy_gettext("%(name)s said no thanks to “%(title)s” for now.", name=current_user.display_name,
                                title=reward.title)
            message = gettext("Done. They'll know you said no thanks.")
        _tell_giver(reward, "reward_answered", text)
        if accept:
            unlock_due_rewards(current_user)
        db.session.commit()
        flash(message)
    return redirect(url_for("rewards.show", reward_id=reward.id) if accept else url_for("rewards.index"), code=303)


@bp.post("/rewards/<int:reward_id>/accept")
@login_required
def accept(reward_id: int):
    """The client accepts a reward offered by someone who can't see the milestone."""
    return _answer_offer(reward_id, accept=True)


@bp.post("/rewards/<int:reward_id>/decline")
@login_required
def decline(reward_id: int):
    """The client says no thanks to an offered reward."""
    return _answer_offer(reward_id, accept=False)


@bp.post("/rewards/<int:reward_id>/tell")
@login_required
def tell(reward_id: int):
    """The client chooses to tell a giver who can't see the milestone that the reward was earned."""
    reward = _reward_for(reward_id, client=True)
    earned = reward.status in (RewardStatus.UNLOCKED, RewardStatus.REDEEMED)
    if earned and reward.giver_told_at is None and reward.giver_id:
        # Read before the commit expires it.
        told = (gettext("%(name)s will know you earned it.", name=reward.giver.display_name) if reward.giver
                else gettext("They will know you earned it."))
        reward.giver_told_at = utcnow()
        _tell_giver(reward, "reward_unlocked", lazy_gettext("%(name)s earned “%(title)s” and wanted you to know.",
                                                            name=current_user.display_name, title=reward.title))
        db.session.commit()
        flash(told)
    return redirect(url_for("rewards.show", reward_id=reward.id), code=303)
