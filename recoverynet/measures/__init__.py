"""Measures that matter (issue 10): the validated questionnaires (BARC-10, MSPSS) whose items and
scoring live in instruments.json, the month calendar on which the client confirms the days they
used (the Timeline Followback way), and the month-by-month measures built from them and the rest
of the app (check-ins, meetings, the crisis plan, medication)."""
