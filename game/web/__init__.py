"""The live classroom in the browser: a web server on the teacher's machine where every student
plays a seat of one world (scenario and seed), paced by the teacher, watched on a dashboard and
compared on a debrief page. Seats are rebuilt after a restart by replaying their logs (SQLite).
"""
