"""Creating an account from a sign-up form (for a client, or a member joining by invite)."""
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.timeutil import local_today


def create_account_from_form(form: Form, *, is_client: bool) -> User | None:
    """A new, committed account, or None with the reasons on `form`."""
    email = form.email()
    password = form.new_password()
    name = form.text("display_name", required="Please tell us what to call you.", max_length=80)
    timezone = form.timezone()
    country = form.country()
    sober_since = form.day("sober_since", not_after=local_today(timezone or "UTC")) if is_client else None
    if form.ok and db.session.scalar(select(User.id).where(User.email == email)):
        form.error("email", "There is already an account with this email. Try signing in instead.")
    if not form.ok:
        return None
    user = User(email=email, password_hash=hash_password(password), display_name=name,
                timezone=timezone, country=country, sober_since=sober_since, is_client=is_client)
    db.session.add(user)
    db.session.commit()
    return user
