"""The crisis page, one tap from every page."""
from flask import Blueprint
from flask_login import current_user

from recoverynet.crisis.numbers import numbers_for
from recoverynet.pages import render

bp = Blueprint("crisis", __name__)


@bp.get("/crisis")
def crisis():
    """Show emergency numbers for the person's country (the full crisis plan comes later)."""
    country = current_user.country if current_user.is_authenticated else None
    return render("crisis/index.html", numbers=numbers_for(country))
