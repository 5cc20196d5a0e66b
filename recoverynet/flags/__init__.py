"""Flags: signs in a client's recent data that a clinician or peer coach may want to act on,
each a sentence explaining itself (flags.py), with every threshold in thresholds.py. The
caseload (recoverynet/caseload/) lists them; early warning (issue 10, part D) tells chosen
members when one appears."""
from recoverynet.flags.flags import Facts, Flag, facts_for, flags_for

__all__ = ["Facts", "Flag", "facts_for", "flags_for"]
