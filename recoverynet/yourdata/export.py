"""The zip a person downloads: data.json, a CSV per kind of record and a README, written as the
rows stream from the database (sections.py), so a long history costs time, not memory."""
import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from flask_babel import gettext

from recoverynet.auth.models import User
from recoverynet.checkins.models import ActionItem, CheckinNote
from recoverynet.crisis.models import Callee
from recoverynet.prevention.models import PreventionAction
from recoverynet.network.models import Grant, Invite
from recoverynet.timeutil import utcnow
from recoverynet.yourdata.sections import SECTIONS, SINGLE, Exporter, fields

FORMAT, VERSION = "recoverynet-export", 1
# Spreadsheets (Excel above all) read a UTF-8 file as UTF-8 only when it starts with a BOM.
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_name(person: User) -> str:
    """recoverynet-data-2026-03-29.zip, dated in the person's own time zone."""
    return f"recoverynet-data-{Exporter(person).value(utcnow())[:10]}.zip"


def write_export(person: User, out: IO[bytes]) -> None:
    """Write everything about `person` to `out` as a zip."""
    exporter = Exporter(person)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data.json", "w") as raw, _text(raw) as text:
            _write_json(exporter, text)
        for section in SECTIONS:
            with archive.open(section.csv, "w") as raw, _text(raw) as text:
                _write_csv(section.header, section.rows(exporter), text)
            # Lists of records inside a record get their own file, one row per record.
            for parent, child, name, header in NESTED.get(section.key, ()):
                with archive.open(name, "w") as raw, _text(raw) as text:
                    _write_csv(header, _children(section.rows(exporter), parent, child), text)
        archive.writestr("README.txt", readme())


def _text(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _write_json(exporter: Exporter, text: IO[str]) -> None:
    """data.json, a list at a time: one record per line inside each list, so it reads in a text editor."""
    head = {"format": FORMAT, "version": VERSION, "exported_at": exporter.value(utcnow()),
            "timezone": exporter.person.timezone}
    text.write("{\n")
    for key, value in head.items():
        text.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
    for n, section in enumerate(SECTIONS):
        text.write(f"{json.dumps(section.key)}: ")
        rows = section.rows(exporter)
        if section.key in SINGLE:
            text.write(_dumps(next(rows, None)))
        else:
            text.write("[")
            for i, row in enumerate(rows):
                text.write(("," if i else "") + "\n  " + _dumps(row))
            text.write("\n]")
        text.write(",\n" if n < len(SECTIONS) - 1 else "\n")
    text.write("}\n")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# (section, its field that names the parent, its list field, the CSV with a row per item, columns).
NESTED = {
    "contacts": [("name", "grants", "grants.csv", ["contact_name", *fields(Grant)]),
                 ("name", "invites", "invites.csv", ["contact_name", *fields(Invite)])],
    "crisis_plan": [(None, "callees", "crisis_callees.csv", [*fields(Callee), "contact_name"])],
    "prevention_plan": [(None, "actions", "prevention_actions.csv", [*fields(PreventionAction), "contact_name"])],
    "questionnaires": [(None, "answers", "questionnaire_answers.csv", ["instrument", "taken_on", "item", "value"])],
    "checkins": [(None, "notes", "checkin_notes.csv", ["held_on", "author_name", *fields(CheckinNote, "checkin_id", "author_id")]),
                 (None, "action_items", "action_items.csv", ["held_on", "what", "owner_name", "due_on", "done_at", "ticked_by_name", "ticked_at", "created_by_name", "created_at"])],
}


def _children(rows: Iterable[dict], parent: str | None, child: str) -> Iterator[dict]:
    for row in rows:
        for item in row[child]:
            yield ({"contact_name": row[parent]} if parent else {}) | item


def _write_csv(header: list[str], rows: Iterable[dict], text: IO[str]) -> None:
    """A header row, then a row per record; a list of words joined by "; " (lists of records
    have their own file: NESTED)."""
    text.write(BOM)
    writer = csv.DictWriter(text, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_cell(row.get(name)) for name in header})


def spreadsheet_cell(value) -> str | int | None:
    """A value as a CSV cell a spreadsheet shows as written (also the caseload's service report)."""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # A spreadsheet runs a cell that starts like a formula, and some of the text came from
        # other people (a member's message): a leading apostrophe keeps it text. data.json keeps it as typed.
        return "'" + value
    return value


def readme() -> str:
    """What each file in the zip holds, in the person's language."""
    files = {
        "data.json": gettext("Everything below in one file, for moving your data to another app or another "
                             "RecoveryNet."),
        "person.csv": gettext("Your account: name, email, time zone, country, sober date and settings."),
        "entries.csv": gettext("Your log: each entry's mood, craving, triggers and notes."),
        "triggers.csv": gettext("The triggers you added yourself."),
        "meetings.csv": gettext("The meetings you went to."),
        "slips.csv": gettext("The slips you recorded and how the count went on."),
        "analyses.csv": gettext("Your looking back at slips: what you wrote at each step."),
        "perspectives_written.csv": gettext("The views you wrote when someone you support asked you to look "
                                            "back with them."),
        "contacts.csv": gettext("The people and groups on your network map, with your notes and ratings, "
                                "and what each member may see."),
        "grants.csv": gettext("What each member may see, and since when."),
        "invites.csv": gettext("The invite links you made, and whether each was used."),
        "crisis_plan.csv": gettext("Your crisis plan."),
        "crisis_callees.csv": gettext("The people and services on your crisis plan, in your order."),
        "crisis_alerts.csv": gettext("Each time you alerted your network."),
        "prevention_plan.csv": gettext("Your relapse-prevention plan: triggers, warning signs and high-risk times."),
        "prevention_actions.csv": gettext("What you do instead, on your relapse-prevention plan, and who helps."),
        "needs.csv": gettext("Your practical needs: where each stands, who helps and the next step."),
        "early_warnings.csv": gettext("Each early-warning sign, and who in your network got a prompt to check in."),
        "reminders.csv": gettext("Your reminders."),
        "medication_answers.csv": gettext("Your answers to medication reminders: taken or not today, for each dose."),
        "questionnaires.csv": gettext("Each questionnaire you answered (recovery capital, support from the people "
                                      "around you): the day and the score."),
        "questionnaire_answers.csv": gettext("Your answer to each question of those questionnaires (a skipped one "
                                             "has no row)."),
        "use_days.csv": gettext("The days you marked as days of use on the month calendar."),
        "calendar_months.csv": gettext("The months you confirmed on the calendar, and when."),
        "checkin_plan.csv": gettext("Your weekly check-in: its day, time and who takes part."),
        "checkins.csv": gettext("The days of your weekly check-ins."),
        "review_plan.csv": gettext("Your monthly review: its day, time and who is asked to take part."),
        "reviews.csv": gettext("Your monthly reviews: what was said under each part, your private note, and who took part."),
        "checkin_notes.csv": gettext("The notes in your weekly check-ins, private ones too, and who wrote each."),
        "action_items.csv": gettext("The action items from your weekly check-ins: who does what, by when, and when it was done."),
        "checkin_notes_written.csv": gettext("The notes you wrote in the weekly check-ins of people you support."),
        "action_items_owned.csv": gettext("The action items you took on in the weekly check-ins of people you support."),
        "rewards_received.csv": gettext("Rewards pledged or given to you, and who from."),
        "rewards_given.csv": gettext("Rewards you pledged or gave to someone, as you can see them."),
        "encouragement_received.csv": gettext("Messages of encouragement sent to you, and who from."),
        "encouragement_sent.csv": gettext("Messages of encouragement you sent."),
        "notifications.csv": gettext("Your notifications."),
        "views.csv": gettext("Who in your network saw what, and when."),
        "devices.csv": gettext("The devices you signed in on."),
        "known_devices.csv": gettext("Browsers that have signed in to your account before."),
        "push_subscriptions.csv": gettext("The devices that get your reminders and notifications."),
        "push_deliveries.csv": gettext("Reminders and notifications sent to those devices."),
        "memberships.csv": gettext("The networks you support someone in, and what they let you see."),
    }
    lines = [gettext("Your data from RecoveryNet"), "",
             gettext("Times are shown in your time zone, with its difference from UTC (for example "
                     "2026-03-29T02:30:00+13:00). Dates are written year-month-day."),
             gettext("The CSV files open in any spreadsheet. A list inside one cell is separated by "
                     "semicolons."),
             gettext("In the CSV files, text that starts with =, +, - or @ (a phone number such as +44…) starts "
                     "with an apostrophe, so the spreadsheet shows it as text. data.json has it as typed."),
             gettext("This file is private: it holds everything you wrote. Keep it somewhere safe."), ""]
    lines += [f"{name}\n    {text}" for name, text in files.items()]
    return "\n".join(lines) + "\n"
