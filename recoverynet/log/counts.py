"""How often each trigger was logged over a window of one client's entries, for the pages that
name the most common ones (the member's page, the relapse-prevention plan's suggestions)."""
from sqlalchemy import Select, func, select, true
from sqlalchemy.orm import aliased

from recoverynet.log.models import Entry, EntryTrigger


def trigger_counts(user_id, since, dialect: str) -> Select:
    """(label, n, latest) for each trigger on the client's entries logged since `since`: how many
    entries carried it and the latest of them. `user_id` and `since` are values or bound parameters;
    the caller orders and limits."""
    counted = aliased(Entry)  # apart from the entries of a statement this one sits inside
    if dialect == "postgresql":
        # PostgreSQL guesses one client's window at the client's share of all entries times the
        # window's (thousands, not hundreds) and hashes every client's triggers; read the window's
        # entry by entry instead (LATERAL, kept apart by OFFSET 0). 5-year client: 3.2 -> 0.7 ms.
        window = (select(counted.id, counted.logged_at)
                  .where(counted.user_id == user_id, counted.logged_at >= since).subquery())
        labels = select(EntryTrigger.label).where(EntryTrigger.entry_id == window.c.id).offset(0).lateral()
        return (select(labels.c.label, func.count().label("n"), func.max(window.c.logged_at).label("latest"))
                .select_from(window).join(labels, true()).group_by(labels.c.label))
    return (select(EntryTrigger.label, func.count().label("n"), func.max(counted.logged_at).label("latest"))
            .join(counted, counted.id == EntryTrigger.entry_id)
            .where(counted.user_id == user_id, counted.logged_at >= since).group_by(EntryTrigger.label))


def most_common_first(counts: Select) -> tuple:
    """trigger_counts' order: the most often first; a tie goes to the one logged most recently,
    then to the first in label order."""
    columns = counts.selected_columns
    return columns.n.desc(), columns.latest.desc(), columns.label
