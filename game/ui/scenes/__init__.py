"""Scenes: each has handle(event/intent), update(dt) and draw(surface); draw never changes state."""
