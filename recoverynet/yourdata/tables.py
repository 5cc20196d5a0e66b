"""For every table that holds something about a person, the decision: where it goes in the export
(EXPORTED), or why it is not the person's data to take with them (NOT_PERSONAL).
tests/test_yourdata_tables.py walks the database and fails on a table with no decision."""

# table name: (the data.json key(s) that hold it, how). A child table names its parent with "via".
EXPORTED = {
    "user": ("person", "the account, without the password hash"),
    "entry": ("entries", "every entry, oldest first"),
    "entry_trigger": ("entries", "via entry: each entry's 'triggers'"),
    "custom_trigger": ("triggers", "the person's own trigger chips, hidden ones too"),
    "meeting": ("meetings", "every meeting attended"),
    "slip": ("slips", "every slip, with the count before and after"),
    "analysis": ("analyses", "the person's own looking back at slips; the views members wrote beside "
                             "them are the members' (perspectives_written)"),
    "perspective": ("perspectives_written", "what the person wrote when a client asked for their view, with "
                                            "whose and which day; nothing of the client's own account"),
    "contact": ("contacts, memberships", "the person's map cards in full; a card about them on another "
                                         "client's map only as 'memberships': whose, since when, which scopes"),
    "grant": ("contacts, memberships", "via contact: 'scopes' and 'grants'"),
    "invite": ("contacts", "via contact: 'invites', without the token hash"),
    "crisis_plan": ("crisis_plan", "the plan"),
    "callee": ("crisis_plan", "via crisis_plan: 'callees'"),
    "crisis_alert": ("crisis_alerts", "every alert sent"),
    "prevention_plan": ("prevention_plan", "the plan"),
    "prevention_action": ("prevention_plan", "via prevention_plan: 'actions'"),
    "need": ("needs", "the client's practical needs in full; a member who helps changes the client's record, "
                      "which stays the client's (the member's export holds none of it)"),
    "need_helper": ("needs", "via need: 'helpers', the names of the cards on the client's map"),
    "reminder": ("reminders", "every reminder, without the worker's lease"),
    "medication_answer": ("medication_answers", "every dose answered, with its reminder's title"),
    "questionnaire": ("questionnaires", "every questionnaire the client answered, with its score"),
    "questionnaire_answer": ("questionnaires", "via questionnaire: 'answers', by item (a skipped item has none)"),
    "use_day": ("use_days", "every day the client marked as a day of use"),
    "calendar_month": ("calendar_months", "every month the client confirmed on the calendar"),
    "checkin_plan": ("checkin_plan", "the client's weekly check-in schedule"),
    "checkin_participant": ("checkin_plan", "the client's: 'participants', by name; taking part in another's "
                                            "check-in is that client's, as 'memberships' are"),
    "checkin": ("checkins", "every check-in of the client's"),
    "review_plan": ("review_plan", "the client's monthly review schedule"),
    "review_participant": ("review_plan", "the client's: 'participants', by name; being asked to another's "
                                          "review is that client's, as 'memberships' are"),
    "monthly_review": ("reviews", "every monthly review the client held, the private note too"),
    "review_attendee": ("reviews", "the client's: 'took_part', by name; taking part in another's review "
                                   "is that client's record, never in the member's export"),
    "checkin_note": ("checkins, checkin_notes_written", "every note in the client's check-ins (private ones too) "
                                                      "with who wrote it; a member's own notes in another's "
                                                      "check-ins, never the rest of that agenda"),
    "action_item": ("checkins, action_items_owned", "every item of the client's check-ins; a member's own items "
                                                   "in another's check-ins, what and when only"),
    "reward": ("rewards_received, rewards_given", "received in full; given as the giver may see it "
                                                   "(rewards/consent.py)"),
    "encouragement": ("encouragement_received, encouragement_sent", "both sides, with the other's name"),
    "warning_sign": ("early_warnings", "the client's early-warning signs (each flag's words, in her language), "
                                       "with who was told"),
    "warning_notice": ("early_warnings", "the client's: 'told' and 'waiting', by name; being told is that "
                                         "client's record, as 'memberships' are (the member's inbox item is "
                                         "in their 'notifications')"),
    "notification": ("notifications", "every notification"),
    "view_record": ("views", "who saw what of the person's data; what the person saw of a client stays "
                             "the client's"),
    "auth_session": ("devices", "signed-in browsers, without the token hash"),
    "known_device": ("known_devices", "browsers that signed in before, without the token hash"),
    "push_subscription": ("push_subscriptions", "device and date, without the endpoint or keys"),
    "delivery": ("push_deliveries", "pushes sent to the person's devices, without the worker's lease"),
}

# table name: why it is not exported.
NOT_PERSONAL = {
    "insight_month": "the person's entries summed by month for the insights page: derived from the entries (exported "
                     "in full), rebuilt from them, and deleted with the person",
    "login_attempt": "a rate-limit counter of sign-in tries by email and network address, written for any "
                     "email anyone types (a stranger's guesses too); kept only as long as the limits look back",
    "email_request": "a rate-limit counter of emails asked for, by email and network address, written whether "
                     "or not the account exists; kept only as long as the limits look back",
    "outgoing_email": "the outbox: emails waiting for the worker, which may hold sign-in links (secrets); the "
                      "body is emptied once sent and the row deleted after a week (mail.KEEP)",
}
