"""The service report: per client per month the measures (measures.monthly), then per month the
share of the caseload with a signed crisis plan, as CSV a spreadsheet opens as written."""
import csv
import io

from flask_babel import gettext, ngettext

from recoverynet.caseload.rows import Row
from recoverynet.measures.monthly import MonthMeasures
from recoverynet.yourdata.export import BOM, spreadsheet_cell

MONTHS = 12
# "reviewed" is signed within the last 90 days: signed too.
SIGNED = ("signed", "reviewed")


def _plan_word(state: str) -> str:
    return {"none": gettext("none"), "written": gettext("written"), "signed": gettext("signed"),
            "reviewed": gettext("signed and reviewed")}.get(state, state)


def _header() -> list[str]:
    return [gettext("Client"), gettext("Month"), gettext("Check-ins held"), gettext("Meetings attended"),
            gettext("Days abstinent (of 30)"), gettext("Confirmed on the calendar"),
            gettext("Time in the programme (days)"),
            gettext("Crisis plan"), gettext("Medication doses taken"), gettext("Medication doses due"),
            gettext("BARC-10"), gettext("MSPSS"), gettext("Clients with a signed crisis plan")]


def _client_line(name: str, month: MonthMeasures) -> list:
    taken, due = month.medication or ("", "")
    return [name, month.month.strftime("%Y-%m"), month.checkins_held, month.meetings_attended,
            _blank(month.days_abstinent), gettext("yes") if month.abstinence_confirmed else gettext("no"),
            _blank(month.retention), _plan_word(month.crisis_plan), taken, due, _blank(month.barc10),
            _blank(month.mspss), ""]


def _blank(value):
    return "" if value is None else value


def csv_text(rows: list[Row], measures: dict[int, list[MonthMeasures]]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    header = _header()
    writer.writerow(header)
    by_month: dict = {}
    for row in rows:
        for month in measures.get(row.client.id, []):
            writer.writerow([spreadsheet_cell(cell) for cell in _client_line(row.client.display_name, month)])
            by_month.setdefault(month.month, []).append(month.crisis_plan in SIGNED)
    everyone = ngettext("All %(num)d client", "All %(num)d clients", len(rows))
    for first, signed in sorted(by_month.items()):
        share = f"{round(100 * sum(signed) / len(signed))}%"
        writer.writerow([spreadsheet_cell(everyone), first.strftime("%Y-%m")] + [""] * (len(header) - 3) + [share])
    return out.getvalue()


def seen_in_the_report(row: Row) -> str:
    return ngettext("Service report: measures month by month, the last %(num)d month",
                    "Service report: measures month by month, the last %(num)d months", MONTHS)
