"""Every table that holds something about a person has a decision: exported, or not personal
with a reason (recoverynet/yourdata/tables.py). A new table without one fails here."""
from sqlalchemy import Table

from recoverynet.extensions import db
from recoverynet.yourdata.sections import SECTIONS
from recoverynet.yourdata.tables import EXPORTED, NOT_PERSONAL

# Columns that name a person without a foreign key.
PERSON_COLUMNS = {"email", "recipient"}


def _points_at_user(table: Table) -> bool:
    return any(key.column.table.name == "user" for key in table.foreign_keys)


def _parents(table: Table) -> set[str]:
    return {key.column.table.name for key in table.foreign_keys} - {table.name}


def personal_tables() -> set[str]:
    """The user table, every table with a column pointing at a person (a foreign key to user.id,
    or an email), and every table whose rows hang off one of those."""
    tables = db.metadata.tables
    found = {"user"} | {name for name, table in tables.items()
                        if _points_at_user(table) or PERSON_COLUMNS & set(table.columns.keys())}
    while True:
        more = {name for name, table in tables.items() if name not in found and _parents(table) & found}
        if not more:
            return found
        found |= more


def test_every_table_about_a_person_is_exported_or_says_why_not(app):
    undecided = sorted(personal_tables() - set(EXPORTED) - set(NOT_PERSONAL))
    assert undecided == [], (
        f"No export decision for {undecided}. Add each table to EXPORTED in recoverynet/yourdata/tables.py "
        "(and export it in yourdata/sections.py), or to NOT_PERSONAL there with the reason it is not the "
        "person's data to take with them.")


def test_no_table_is_both_exported_and_not_personal():
    assert set(EXPORTED) & set(NOT_PERSONAL) == set()


def test_the_decisions_name_only_tables_that_exist(app):
    assert (set(EXPORTED) | set(NOT_PERSONAL)) - set(db.metadata.tables) == set()


def test_every_reason_for_leaving_a_table_out_is_written():
    assert [name for name, reason in NOT_PERSONAL.items() if len(reason) < 20] == []


def test_an_exported_table_names_a_part_of_the_export_that_exists():
    keys = {section.key for section in SECTIONS}
    named = {name: {part.strip() for part in where.split(",")} for name, (where, _) in EXPORTED.items()}
    assert {name: parts - keys for name, parts in named.items() if parts - keys} == {}


def test_a_child_table_is_exported_through_its_parent(app):
    """A table without a person column of its own (entry_trigger, grant, invite, callee) is
    exported inside its parent's records: its parent is exported and its row says so."""
    tables = db.metadata.tables
    children = {name for name, table in tables.items() if name in EXPORTED and name != "user"
                and not _points_at_user(table) and not PERSON_COLUMNS & set(table.columns.keys())}
    assert children == {"entry_trigger", "grant", "invite", "callee", "prevention_action", "need_helper",
                        "questionnaire_answer"}
    for name in children:
        how = EXPORTED[name][1]
        parents = _parents(tables[name]) & set(EXPORTED)
        assert parents and any(f"via {parent}" in how for parent in parents), name
        assert {p.strip() for p in EXPORTED[name][0].split(",")} <= {
            p.strip() for parent in parents for p in EXPORTED[parent][0].split(",")}, name
