"""The window's view of the message catalogs (game/i18n): screens look text up by key here."""

from game.i18n import (  # noqa: F401  (the window's names for the catalog functions)
    available_languages,
    error_text,
    has,
    language,
    load_catalog,
    set_language,
    t,
    t_or,
    text,
)
