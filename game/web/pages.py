"""The classroom's pages in the class's language: the HTML templates' `{{id}}` marks filled from
the catalogs (escaped), `lang` set on <html>, and the words the scripts write handed to them as
JSON data in the page (`<script type="application/json" id="texts">`: data, not a script, so the
pages' Content-Security-Policy still runs only this server's own files)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from importlib import resources

from game.i18n import language, load_catalog, render

MARK = re.compile(r"\{\{([a-z0-9_]+)\}\}")  # {{title}}: the text of pages.web.title
# the catalog families a script reads, by the short names it uses: tr("pace_free") for
# pages.web.js.pace_free, tr("factor_power"), tr("term_idle"), tr("policy_balanced")
SCRIPT_FAMILIES = ("factor", "pages.term", "pages.policy")


def script_texts(lang: str) -> dict[str, str]:
    """Every text the pages' scripts may write, in `lang` (English where it lacks one)."""
    out = {}
    for key in load_catalog("en"):
        family, _, name = key.rpartition(".")
        if family == "pages.web.js":
            out[name] = render(lang, f"pages.web.js.{name}", {})
        elif family in SCRIPT_FAMILIES:
            out[f"{family.rpartition('.')[2]}_{name}"] = render(lang, key, {})
    return out


@lru_cache(maxsize=16)
def localized(name: str, lang: str) -> str:
    """The template `static/<name>` in `lang`."""
    template = resources.files("game.web").joinpath("static", name).read_text("utf-8")
    data = json.dumps(script_texts(lang), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

    def fill(match: re.Match) -> str:
        key = match.group(1)
        if key == "lang":
            return lang
        if key == "texts":
            return f'<script type="application/json" id="texts">{data}</script>'
        return escape(render(lang, f"pages.web.{key}", {}))

    return MARK.sub(fill, template)


def page_text(name: str) -> str:
    """A static file as served: an HTML template in the class's language, anything else as is."""
    if name.endswith(".html"):
        return localized(name, language())
    return resources.files("game.web").joinpath("static", name).read_text("utf-8")
