"""The client's practical needs: list them, add one, change one, delete one."""
from flask import Blueprint, request
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.auth.sessions import brought_along
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.needs.forms import apply_need, chosen_helpers, need_as_form_data, network_cards, read_need
from recoverynet.needs.models import AREAS, SCOPE, STATUS_NAMES, Need, NeedStatus
from recoverynet.needs.queries import names_by_person, needs_to_show, own_need, sorted_lines
from recoverynet.network.access import count_members_with_scope
from recoverynet.pages import add_delete_views, commit_and_redirect, id_links, read_form, render
from recoverynet.timeutil import utcnow

bp = Blueprint("needs", __name__, url_prefix="/needs")


@bp.get("")
@login_required
def index():
    """The client's needs, open ones first, with who helps and the next step (?sorted=all: every sorted one)."""
    still_open, done, more_done = needs_to_show(current_user.id)
    sharing = brought_along("needs_sharing", lambda: count_members_with_scope(current_user.id, SCOPE))
    edit_at = id_links("needs.edit", "need_id")
    return render("needs/index.html", open=still_open, done=sorted_lines(done, lambda need: edit_at(need.id)),
                  more_done=more_done, names=names_by_person(current_user.id), sharing=sharing)


def _form_page(form: Form, need: Need | None = None, status: int = 200):
    return render("needs/form.html", form=form, need=need, areas=AREAS, statuses=STATUS_NAMES,
                  cards=network_cards(current_user.id), chosen=chosen_helpers(form, need), status=status)


@bp.get("/new")
@login_required
def new():
    """The form for a new need; ?area= chooses its area."""
    area = request.args.get("area")
    return _form_page(Form({"area": area, "status": NeedStatus.NOT_STARTED.value} if area in AREAS else {}))


@bp.post("")
@login_required
def create():
    """Save a new need."""
    values = read_form(read_need, _form_page, network_cards(current_user.id))
    need = Need(client_id=current_user.id, updated_by_id=current_user.id)
    apply_need(need, values)
    db.session.add(need)
    return commit_and_redirect(gettext("Saved. One step at a time."), "needs.index")


@bp.get("/<int:need_id>/edit")
@login_required
def edit(need_id: int):
    """The form to change a need, filled with it."""
    need = own_need(need_id)
    return _form_page(Form(need_as_form_data(need)), need)


@bp.post("/<int:need_id>")
@login_required
def update(need_id: int):
    """Save the changes to a need."""
    need = own_need(need_id)
    values = read_form(read_need, lambda form: _form_page(form, need), network_cards(current_user.id))
    apply_need(need, values)
    need.updated_at, need.updated_by_id = utcnow(), current_user.id
    return commit_and_redirect(gettext("Saved."), "needs.index")


def _deleted(need: Need):
    return gettext("Deleted. It's gone from your list and from your network's view."), "needs.index"


add_delete_views(bp, "/<int:need_id>", own_need, "needs/delete.html", "need", _deleted)
