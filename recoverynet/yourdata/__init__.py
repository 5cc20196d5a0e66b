"""Your data: everything RecoveryNet holds about a person, as a zip they can download.

The zip (export.write_export) holds:

- ``data.json``: the whole export, in the shape below (the importer reads it: fields may be
  added, never renamed);
- one CSV per kind of record (UTF-8 with a BOM so spreadsheets read the accents; a header row;
  one row per record; lists joined by "; "), named in sections.CSV_FILES;
- ``README.txt``: what each file holds, in the person's language.

data.json, version 1::

    {"format": "recoverynet-export", "version": 1,
     "exported_at": "2026-03-29T02:30:00+13:00", "timezone": "Pacific/Auckland",
     "person": {display_name, email, timezone, country, sober_since, language, created_at,
                confirmed_at, is_client, detailed_notifications, quiet_start, quiet_end,
                starter_plan, sober_activity},   # the starter plan shown or hidden; the activity planned
     "entries": [{device_id, logged_at, updated_at, mood, craving, situation, thoughts, feelings,
                  people_present, coping, outcome, note, "triggers": [label, ...]}],
     "triggers": [{label, hidden}],                      # the person's own trigger chips
     "meetings": [{attended_on, kind, note, recorded_at}],
     "slips": [{happened_on, note, previous_sober_since, new_sober_since, recorded_at}],
     "analyses": [{looked_at, situation, place, people, day, thoughts, feelings, cravings,
                   "chain": [step, ...], after, break_chain, members_see_each_other, created_at,
                   updated_at, closed_at}],   # looking back at slips; members' views are theirs
     "contacts": [{name, relationship, circle, phone, preferred_contact, available_daytime,
                   available_out_of_hours, boundaries, label, reliability, helpfulness, notes,
                   joined_at, created_at, "has_account": bool, "scopes": [scope, ...],
                   "grants": [{scope, granted_at}],
                   "invites": [{created_at, expires_at, used_at, withdrawn_at}]}],
     "crisis_plan": null or {warning_signs, coping_alone, distractions, reasons, sms_message,
                   uses_opioids, naloxone_who, naloxone_where, naloxone_trained, updated_at,
                   reviewed_at, "callees": [{position, professional, name, daytime_phone,
                   out_of_hours_phone, "contact_name": the map card's name or null}]},
     "crisis_alerts": [{device_id, notified, created_at}],
     "prevention_plan": null or {triggers, warning_signs, high_risk_times, updated_at, reviewed_at,
                   "actions": [{position, action, helper_name,
                   "contact_name": the map card's name or null}]},
     "reminders": [{kind, title, times, weekday, on_date, lead_minutes, place, note, paused,
                    next_due_at, created_at}],
     "medication_answers": [{day, time, reminder_title, answer, answered_at}],   # "taken" or "not_today"
     "checkin_plan": null or {weekday, time, mode, place, updated_at, "participants": [name, ...]},
     "review_plan": null or {day_of_month, time, next_due_at, updated_at, "participants": [name, ...]},
     "reviews": [{held_on, safety, goals, medication, needs, roles, private_note, created_at,
                  "took_part": [name, ...]}],
     "checkins": [{held_on, created_at,
                   "notes": [{held_on, section, text, private, version, created_at, updated_at,
                              "author_name"}],          # private ones too: they are the client's
                   "action_items": [{held_on, what, due_on, created_at, done_at, ticked_at, reminded_at,
                                     "owner_name", "created_by_name", "ticked_by_name"}]}],
     "needs": [{area, title, status, next_step, next_step_on, created_at, updated_at,
                "helpers": [the map card's name, ...], "updated_by": "you", a member's name on
                the map, or null}],                     # practical needs
     "early_warnings": [{day, kind, text, since, created_at, "told": [name, ...],
                         "waiting": [name, ...]}],   # early warning: who was told, by card name
     "rewards_received": [{"giver_name", title, kind, note, milestone_kind, milestone_target,
                           status, accepted_at, giver_told_at, giver_should_review, pledged_at,
                           unlocked_at, redeemed_at, withdrawn_at, thanks, thanked_at}],
     "rewards_given": [{"client_name", title, kind, note, milestone_kind, milestone_target,
                        status, pledged_at, accepted_at, withdrawn_at, thanks, thanked_at,
                        unlocked_at, redeemed_at}],   # status and dates as the giver may see them
     "encouragement_received": [{"sender_name", text, sent_at, thanked_at}],
     "encouragement_sent": [{"client_name", text, sent_at, thanked_at}],
     "perspectives_written": [{"client_name", "looked_at", situation, ..., "chain": [step, ...],
                   after, break_chain, asked_at, written_at}],   # views written when a client asked
     "checkin_notes_written": [{"client_name", held_on, section, text, created_at, updated_at}],
     "action_items_owned": [{"client_name", what, due_on, created_at, done_at}],   # in others' check-ins
     "notifications": [{kind, text, link, created_at, read_at}],
     "views": [{"member_name", scope, shown, viewed_at}],   # who saw what of this person's data
     "devices": [{device, created_at, last_seen_at, expires_at, revoked_at}],   # sessions
     "known_devices": [{last_used_at, failures}],
     "push_subscriptions": [{user_agent, created_at}],
     "push_deliveries": [{occurrence_at, kind, payload, status, attempts, created_at, sent_at}],
     "memberships": [{"client_name", joined_at, "scopes": [scope, ...]}]}   # networks joined

Field names are the models' attribute names. Every moment is ISO 8601 with the offset of the
person's time zone, to the second ("2026-03-29T02:30:00+13:00"); every date is YYYY-MM-DD.
Internal ids, password and token hashes, push keys and endpoints never appear. Another person's
data never appears either: their display name only where the person's own pages show it, and
what a member merely saw of a client stays the client's (see tables.py for each table).
"""
