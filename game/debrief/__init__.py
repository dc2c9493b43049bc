"""The debrief: one page for the projector and the grades CSV, drawn from played games.

Shared by the live class (game.web: `/debrief`) and the hand-ins (game.teach through `terafab
class`), so the same games give the same page. It sits below both faces and imports neither.
"""
