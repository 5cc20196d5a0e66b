"""The demo client's early warning: Sam and Dr Riley hold the scope (demo_network.py); five days
ago three low days running prompted them, and the client was told. Called by `flask demo`."""
from datetime import timedelta



from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.timeutil import local_today, utcnow
from recoverynet.warning.models import SCOPE, WarningNotice, WarningSign
from recoverynet.warning.notices import CLIENTS_PAGE, _client_text, _member_text


def add_demo_early_warning(user: User, cards: dict[str, Contact]) -> None:
    chosen = [card for card in cards.values() if card.member_id and SCOPE in card.scopes]
    if not chosen:
        return
    told_at = utcnow() - timedelta(days=5)
    sign = WarningSign(client_id=user.id, kind="low_mood", day=local_today(user.timezone) - timedelta(days=5),
                       since=told_at - timedelta(hours=2), text="Mood 2 or lower on average, 3 days running",
                       created_at=told_at)
    db.session.add(sign)
    db.session.flush()
    for card in chosen:
        member = db.session.get(User, card.member_id)
        with in_language_of(member):
            text = str(_member_text(user))
        db.session.add_all([WarningNotice(sign_id=sign.id, member_id=member.id, send_at=told_at, told_at=told_at),
                            Notification(user_id=member.id, kind="warning_sign", text=text,
                                         link=f"/support/{user.id}", created_at=told_at)])
    db.session.add(Notification(user_id=user.id, kind="warning_told", link=CLIENTS_PAGE, created_at=told_at,
                                read_at=told_at, text=_client_text(user, [card.name for card in chosen], sign.text)))
