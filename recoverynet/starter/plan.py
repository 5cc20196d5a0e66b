"""The 30-day starter plan (issue 9, DESIGN.md part 12): what to do in each week of the first
month, each step ticked by what the client did (facts.py) and linked to the page that does it.

Home shows it in the account's first 30 days, counted in the client's own days, and after them
only when asked for; the client can hide it, and show it again from Settings."""
from dataclasses import dataclass
from datetime import date

from flask import g
from sqlalchemy import select

from recoverynet.auth.models import StarterPlan, User
from recoverynet.extensions import db
from recoverynet.i18n import sentence_lookup
from recoverynet.starter.facts import FACTS
from recoverynet.templating import remembered_link
from recoverynet.timeutil import local, local_today

DAYS = 30
WEEKS = 4
# What the plan's steps ask the session's lookup for on Home.
PLAN_FACTS = ("naloxone_answered", "map_drawn", "invited_clinician", "invited_peer", "invited_family",
              "checkin_scheduled", "checkin_held", "crisis_plan_written", "appointment_booked", "meeting_tried",
              "needs_helped", "review_held")


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    link: str


@dataclass(frozen=True)
class Week:
    number: int
    steps: list[Step]
    current: bool  # the week of the first month the client is in
    opened: bool  # shown open: the current week, or after the first month the first with steps left

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)


@dataclass(frozen=True)
class Plan:
    weeks: list[Week]
    asked_for: bool  # shown because the person asked, not because the account is new

    @property
    def done(self) -> int:
        return sum(week.done for week in self.weeks)

    @property
    def total(self) -> int:
        return sum(len(week.steps) for week in self.weeks)


def first_day(person: User) -> date:
    """The account's first day on the client's own calendar."""
    return local(person.created_at, person.timezone).date()


def day_of_plan(person: User) -> int:
    """0 on the account's first day, where the client lives."""
    return (local_today(person.timezone) - first_day(person)).days


def is_shown(person: User) -> bool:
    """Whether Home shows the plan: in the first 30 days unless hidden, after them when asked."""
    if person.starter_plan == StarterPlan.AUTOMATIC:
        return day_of_plan(person) < DAYS
    return person.starter_plan == StarterPlan.SHOWN


def facts_for(person: User, names: tuple[str, ...]) -> dict[str, bool]:
    """The facts the session's lookup brought on this page, or all of them in one query (a
    page it didn't come with, such as Home shown again after a form's error)."""
    along = g.get("brought_along", {})
    if all(f"starter_{name}" in along for name in names):
        return {name: bool(along[f"starter_{name}"]) for name in names}
    values = db.session.execute(select(*(FACTS[name](person.id) for name in names))).one()
    return {name: bool(value) for name, value in zip(names, values)}


def _steps(person: User, facts: dict[str, bool]) -> list[list[Step]]:
    """The plan's steps, week by week, exactly as issue 9 lists them (Home renders them at once:
    the titles come translated, the links remembered)."""
    link = remembered_link
    gettext = sentence_lookup()  # the same words as flask_babel's, the catalog found once, not 14 times
    return [
        [Step(gettext("Safety check: the emergency numbers for your country"), bool(person.country),
              link("account.settings", _anchor="country")),
         Step(gettext("Safety check: answer the naloxone question in your crisis plan"),
              facts["naloxone_answered"], link("crisis.edit_plan", block="naloxone", _anchor="block-naloxone")),
         Step(gettext("Draw your network map: at least 3 people"), facts["map_drawn"], link("network.index")),
         Step(gettext("Invite a clinician"), facts["invited_clinician"], link("network.index")),
         Step(gettext("Invite a peer: a peer coach or sponsor"), facts["invited_peer"], link("network.index")),
         Step(gettext("Invite a family member or friend"), facts["invited_family"], link("network.index")),
         Step(gettext("Schedule your first weekly check-in"), facts["checkin_scheduled"],
              link("checkin_schedule.schedule"))],
        [Step(gettext("Hold your first check-in"), facts["checkin_held"], link("checkins.mine")),
         Step(gettext("Write your crisis plan"), facts["crisis_plan_written"], link("crisis.edit_plan")),
         Step(gettext("Book an appointment and add a reminder for it"), facts["appointment_booked"],
              link("reminders.new", kind="appointment")),
         Step(gettext("Try one mutual-help meeting"), facts["meeting_tried"], link("meetings.index"))],
        [Step(gettext("Write down your practical needs and who helps"), facts["needs_helped"],
              link("needs.index")),
         Step(gettext("Plan one sober social activity"), bool(person.sober_activity),
              link("starter.activity"))],
        [Step(gettext("Hold your first monthly review"), facts["review_held"], link("review.mine"))],
    ]


def starter_plan(person: User) -> Plan | None:
    """The plan as Home shows it, or None when Home doesn't show it."""
    if not person.is_authenticated or not person.is_client or not is_shown(person):
        return None
    day = day_of_plan(person)
    # Days 28 and 29 belong to week 4: the plan has four weeks, the month 30 days.
    this_week = min(day // 7 + 1, WEEKS) if 0 <= day < DAYS else None
    steps = _steps(person, facts_for(person, PLAN_FACTS))
    to_open = this_week or next((n for n, week in enumerate(steps, start=1) if not all(s.done for s in week)), None)
    weeks = [Week(n, week, current=n == this_week, opened=n == to_open) for n, week in enumerate(steps, start=1)]
    return Plan(weeks, asked_for=person.starter_plan == StarterPlan.SHOWN)

