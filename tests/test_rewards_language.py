"""Rewards, notifications, reminders and pushes in each person's own language (issue 16): what one
person causes another to read (a notice, a push, a ready phrase) is written in the READER's
language, at the moment it is sent; the reminder worker, outside any request, writes each push in
its recipient's."""
import json
from datetime import date, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.queue import payload
from recoverynet.push.texts import DISCREET_EVENTS, event_text
from recoverynet.reminders.due import queue_due_reminders
from recoverynet.reminders.models import KINDS, Reminder
from recoverynet.reminders.texts import reminder_text
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.timeutil import utcnow
from tests.helpers import set_sober_since
from tests.network_world import add_member, sign_in_as
from tests.pseudo_locale import PSEUDO, untranslated_text, write_pseudo_catalog


def speaks(app, user_id: int, language: str, **fields) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        user.language = language
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()


def has_a_phone(app, user_id: int) -> None:
    with app.app_context():
        db.session.add(PushSubscription(user_id=user_id, endpoint=f"https://push.example/{user_id}",
                                        p256dh="k" * 20, auth="a" * 10))
        db.session.commit()


def pushes_to(app, user_id: int) -> list[dict]:
    with app.app_context():
        return [json.loads(text) for text in db.session.scalars(
            select(Delivery.payload).where(Delivery.user_id == user_id).order_by(Delivery.id))]


def notices_of(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notification.text).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_an_english_speaking_members_encouragement_reaches_a_spanish_speaking_client_as_a_spanish_push(
        app, client, people):
    speaks(app, people["client"], "es")
    has_a_phone(app, people["client"])
    add_member(app, people["client"], "mia@example.org", "Mia")
    sign_in_as(client, "mia@example.org")  # Mia reads English

    response = client.post(f"/support/{people['client']}/encourage", data={"text": "Thinking of you today."})

    assert "Sent to Casey Client." in client.get(response.location).get_data(as_text=True)
    [push] = pushes_to(app, people["client"])
    assert (push["title"], push["body"]) == ("Mensaje", "Tienes un mensaje nuevo")
    assert notices_of(app, people["client"]) == ["Mia: «Hoy pienso en ti.»"]


def test_a_detailed_push_of_a_ready_phrase_says_the_phrase_in_the_clients_language(app, client, people):
    speaks(app, people["client"], "es", detailed_notifications=True)
    has_a_phone(app, people["client"])
    add_member(app, people["client"], "mia@example.org", "Mia")
    sign_in_as(client, "mia@example.org")

    client.post(f"/support/{people['client']}/encourage", data={"text": "You've got this."})

    [push] = pushes_to(app, people["client"])
    assert (push["title"], push["body"]) == ("RecoveryNet", "Mia: «Tú puedes.»")
    with app.app_context():
        assert db.session.scalar(select(Encouragement.text)) == "Tú puedes."


def test_a_spanish_speaking_members_ready_phrase_reaches_an_english_speaking_client_in_english(app, client, people):
    member_id, _card = add_member(app, people["client"], "mia@example.org", "Mia")
    speaks(app, member_id, "es")
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert 'value="I&#39;m proud of you.">Me llenas de orgullo.</button>' in page  # her words, the same value

    response = client.post(f"/support/{people['client']}/encourage", data={"text": "I'm proud of you."})

    assert "Enviado a Casey Client." in client.get(response.location).get_data(as_text=True)
    assert notices_of(app, people["client"]) == ["Mia: “I'm proud of you.”"]


def test_an_unlocked_pledge_is_told_to_each_person_in_their_own_language(app, client, people):
    speaks(app, people["client"], "es")
    member_id, _card = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    set_sober_since(app, people["client"], date.today() - timedelta(days=40))
    sign_in_as(client, "mia@example.org")  # Mia reads English

    client.post(f"/support/{people['client']}/rewards/new",
                data={"title": "Cinema", "kind": "outing", "when": "sober_days", "target": "30"})

    assert notices_of(app, people["client"]) == [
        "Mia te ha prometido una recompensa: «Cinema», al llegar a 30 días sin consumir.",
        "Llegaste a 30 días sin consumir: «Cinema» es tuya."]
    assert notices_of(app, member_id) == ["Casey Client reached the milestone for “Cinema”."]


def test_the_reminder_worker_writes_each_push_and_its_snooze_button_in_the_recipients_language(app, people):
    speaks(app, people["client"], "es")
    has_a_phone(app, people["client"])
    has_a_phone(app, people["other_client"])
    with app.app_context():
        for person in people.values():
            db.session.add(Reminder(user_id=person, kind="checkin", times="20:00", next_due_at=utcnow()))
        db.session.commit()
        assert queue_due_reminders() == 2  # as the worker does it: an app, no request

    [spanish] = pushes_to(app, people["client"])
    [english] = pushes_to(app, people["other_client"])
    assert (spanish["title"], spanish["body"], spanish["snooze"]) == (
        "Recordatorio", "Es hora de tu registro", "Posponer 1 hora")
    assert (english["title"], english["body"], english["snooze"]) == (
        "Reminder", "Time for your check-in", "Snooze 1 hour")


def test_a_spanish_speaking_client_sees_rewards_inbox_and_reminders_in_spanish(app, client, auth, people):
    speaks(app, people["client"], "es")
    member_id, _card = add_member(app, people["client"], "mia@example.org", "Mia")
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], giver_id=member_id, title="Cinema", kind="outing",
                              milestone_kind="checkins", milestone_target=5))
        db.session.add(Reminder(user_id=people["client"], kind="meeting", times="19:00", weekday=0))
        db.session.commit()
    auth.login()

    rewards = client.get("/rewards").get_data(as_text=True)
    assert "<h1>Apoyo para ti</h1>" in rewards and "de Mia · Al llegar a 5 registros" in rewards
    assert "0 de 5 por ahora" in rewards and "Buzón" in rewards and ">Inbox<" not in rewards
    reminders = client.get("/reminders").get_data(as_text=True)
    assert "<h1>Recordatorios</h1>" in reminders and "Los lunes a las 19:00" in reminders
    assert "Todavía nada." in client.get("/notifications").get_data(as_text=True)


def test_every_push_text_and_its_snooze_button_is_marked_for_translation(app, tmp_path):
    """What a lock screen shows, discreet or detailed, with a person's own words left out: in the
    pseudo-language nothing is left outside the markers."""
    babel = app.extensions["babel"]
    babel.translation_directories.append(str(write_pseudo_catalog(tmp_path)))
    reminders = [Reminder(kind=kind, title=title, place=place, times="09:00")
                 for kind in KINDS for title, place in (("", ""), ("Zanzibar", "Quokkaland"))]
    try:
        with app.app_context(), force_locale(PSEUDO):
            shown = [text for kind in (*DISCREET_EVENTS, "something_new_later")
                     for text in event_text(kind, "Zanzibar", detailed=False, name="Quokkaland")]
            shown += [text for reminder in reminders for detailed in (False, True)
                      for text in reminder_text(reminder, detailed)]
            shown.append(json.loads(payload("⟦t⟧", "⟦b⟧", "/", "r1", 1))["snooze"])
    finally:
        babel.translation_directories.pop()
    assert [text for text in shown if untranslated_text(text, ("Zanzibar", "Quokkaland"))] == []
