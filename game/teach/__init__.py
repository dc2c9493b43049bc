"""The teaching face: lesson cards, the signals a lesson's card promises, the debrief report and
class play. Builds on the engine (game.sim) and game.io; never imports pygame."""
