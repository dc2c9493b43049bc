"""Drawing functions that take plain values (WorldView, series) and a Surface: testable headless."""
