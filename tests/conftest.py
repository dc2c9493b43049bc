"""Shared fixtures. Tests run headless:
SDL's dummy drivers are set before anything imports pygame."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from game.io.scenarios import load_scenario  # noqa: E402


@pytest.fixture(scope="session")
def campaign():
    """The default campaign scenario, validated once."""
    return load_scenario("terafab")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The game's language is process-wide (the window's setting, a command's --lang): each
    test ends in English, so one test's language never reaches the next."""
    yield
    from game import i18n

    i18n.set_language("en")
