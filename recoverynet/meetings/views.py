"""Mutual-help meetings attended: record them, see them, count them."""
from flask import Blueprint
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import BigInteger, func, literal, select

from recoverynet.events import announce, meeting_recorded
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.meetings.forms import read_meeting_form
from recoverynet.meetings.models import MEETING_KINDS, Meeting
from recoverynet.pages import commit_and_redirect, owned_or_404, page_number, read_form, render
from recoverynet.timeutil import local_today

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


PAGE_SIZE = 20


def _page(form: Form, status: int = 200, page: int = 1):
    # The first page is this month's meetings (a page of them at most), the next pages the ones
    # before them: years of meetings cost no more to show than a first month's.
    today = local_today(current_user.timezone)
    mine = select(Meeting).where(Meeting.client_id == current_user.id)
    this_month = (select(func.count()).select_from(mine.with_only_columns(Meeting.id).where(
        Meeting.attended_on >= today.replace(day=1)).limit(PAGE_SIZE).subquery()).scalar_subquery())
    # Bound as BIGINT: a page number near the cap puts the offset past PostgreSQL's INTEGER.
    skip = this_month + literal((page - 2) * PAGE_SIZE, BigInteger) if page > 1 else 0
    meetings = db.session.scalars(mine.order_by(Meeting.attended_on.desc(), Meeting.id.desc())
                                  .offset(skip).limit(PAGE_SIZE + 1)).all()
    shown = [m for m in meetings[:PAGE_SIZE] if page > 1 or m.attended_on >= today.replace(day=1)]
    return render("meetings/index.html", "meetings/_meetings.html", form=form, meetings=shown,
                  has_older=len(meetings) > len(shown), page=page, kinds=MEETING_KINDS,
                  today=today, status=status)


@bp.get("")
@login_required
def index():
    """List meetings attended, newest first, a page at a time, with a form to add one."""
    return _page(Form({}), page=page_number())


@bp.post("")
@login_required
def create():
    """Record a meeting attended."""
    values = read_form(read_meeting_form, _page, local_today(current_user.timezone))
    meeting = Meeting(client_id=current_user.id, **values)
    db.session.add(meeting)
    announce(meeting_recorded, client=current_user, meeting=meeting)
    return commit_and_redirect(gettext("Meeting recorded. Every one counts."), "meetings.index")


@bp.post("/<int:meeting_id>/delete")
@login_required
def delete(meeting_id: int):
    """Remove a meeting recorded by mistake."""
    db.session.delete(owned_or_404(Meeting, meeting_id, "client_id"))
    return commit_and_redirect(gettext("Removed."), "meetings.index")
