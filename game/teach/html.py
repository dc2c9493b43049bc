"""One self-contained HTML page for projection: inline CSS, charts as embedded PNGs, big type,
nothing wider than the screen, no external resources. Used by the report and by class play."""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from game.batch.chart_locale import chart_fonts, number_axes  # noqa: E402
from game.i18n import language, t  # noqa: E402
from game.io.fonts import cjk_css  # noqa: E402  (the report embeds the font)
from game.sim.config import Lesson  # noqa: E402

# readable from the back of a classroom: large type, high contrast, everything fits the width
CSS = """
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:16px 24px;font:20px/1.45 system-ui,sans-serif;
color:#111;background:#fff;overflow-wrap:anywhere}
h1{font-size:34px;margin:8px 0}h2{font-size:28px;margin:28px 0 8px;border-bottom:3px solid #246}
h3{font-size:23px;margin:16px 0 4px}
img{display:block;max-width:100%;height:auto;margin:8px 0}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:18px}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#e8eef5}
.card{background:#f4f7fb;border-left:8px solid #246;padding:8px 16px;margin:12px 0}
.log{max-height:80vh;overflow-y:auto;overflow-x:hidden}
.note{color:#444;font-size:18px}
code{font-size:17px;background:#eef;padding:1px 4px;white-space:pre-wrap}
"""

# large type for the report's own charts (inside `projection_style()`, so other faces keep theirs)
PROJECTION_RC = {"font.size": 15, "axes.titlesize": 18, "axes.labelsize": 15,
                 "legend.fontsize": 13, "xtick.labelsize": 13, "ytick.labelsize": 13}


def projection_style():
    return plt.rc_context({**PROJECTION_RC, **chart_fonts(language())})


def language_style():
    """The charts' fonts for the page's language, at the figures' own sizes."""
    return plt.rc_context(chart_fonts(language()))


def png_bytes(fig: plt.Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (and closed, so long reports do not pile up figures)."""
    buf = io.BytesIO()
    number_axes(fig).savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def figure_png(fig: plt.Figure, dpi: int = 100) -> str:
    return base64.b64encode(png_bytes(fig, dpi)).decode("ascii")


class Page:
    """A page built section by section; `render()` gives the whole HTML document."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = [f"<h1>{html.escape(title)}</h1>"]
        self.images = 0

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def text(self, text: str, css: str = "") -> None:
        cls = f' class="{css}"' if css else ""
        self.parts.append(f"<p{cls}>{html.escape(text)}</p>")

    def command(self, label: str, command: str) -> None:
        """A note with a command line set as code (what made the page, what to type)."""
        self.parts.append(f'<p class="note">{html.escape(label)} <code>{html.escape(command)}'
                          "</code></p>")

    def chart(self, fig: plt.Figure, alt: str, dpi: int = 100) -> bytes:
        """Embed a figure (its PNG bytes are returned too); a higher dpi enlarges a small
        figure's type on the projected page."""
        data = png_bytes(fig, dpi)
        self.images += 1
        self.parts.append(f'<img alt="{html.escape(alt)}" src="data:image/png;base64,'
                          f'{base64.b64encode(data).decode("ascii")}">')
        return data

    def table(self, headers: list[str], rows: list[list[object]], widths: list[int] | None = None,
              scroll: bool = False) -> None:
        cols = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(c))}</td>" for c in row) + "</tr>"
                       for row in rows)
        table = (f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
                 f"<tbody>{body}</tbody></table>")
        self.parts.append(f'<div class="log">{table}</div>' if scroll else table)

    def card(self, lesson: Lesson) -> None:
        """The lesson card: what it teaches, what to watch, the questions, things to try."""
        watch = "".join(f"<li>{html.escape(w)}</li>" for w in lesson.watch)
        questions = "".join(f"<li>{html.escape(q)}</li>" for q in lesson.questions)
        tries = "".join(f"<li>{html.escape(t.label)}<br><code>{html.escape(t.command)}</code></li>"
                        for t in lesson.things_to_try)
        head = {key: html.escape(t(f"card.{key}").rstrip(":："))
                for key in ("teaches", "watch", "questions", "try")}
        self.parts.append(
            f'<div class="card"><h3>{head["teaches"]}</h3><p>{html.escape(lesson.teaches)}</p>'
            f'<h3>{head["watch"]}</h3><ul>{watch}</ul><h3>{head["questions"]}</h3>'
            f'<ol>{questions}</ol><h3>{head["try"]}</h3><ul>{tries}</ul></div>')

    def render(self) -> str:
        lang = language()
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(self.title)}</title><style>{CSS}{cjk_css(lang)}</style>"
                "</head>"
                f"<body>{''.join(self.parts)}</body></html>\n")


def _cell(value: object) -> str:
    if isinstance(value, float):
        value += 0.0  # -0.0 (a rounded small cost) reads as 0
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)
