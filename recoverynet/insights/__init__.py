"""Insights: what the client's log shows over 30, 90 or 365 days, as charts a person reads at a
glance and a few plain sentences (issue 11, DESIGN.md part 2).

localtime.py  the client's local day, hour and weekday of a stored UTC moment, in SQL
queries.py    the sums and counts, made by the database (GROUP BY over the window)
months.py     the year, from each local month's sums (models.py), made whenever entries change
sentences.py  what the charts show, in words, and when there is too little to say anything
charts.py     the geometry of the server-drawn SVG charts
views.py      the client's page (/insights) and a member's (/support/<id>/insights)
"""
