"""The debrief page, for the projector at 1280x720 with 30 games: every game as a small multiple
(its compute over the four built-in policies' on the same axis, and its limiting-factor strip)
instead of one chart with a legend of 34 lines; the ranking with each score's breakdown; the
groups compared; what the rules refused and why; the lesson card.

One self-contained document (its style inline, its charts as SVG data in the page), so the live
class serves it and `terafab class` writes it byte for byte alike. Every text is escaped.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from game.debrief import svg
from game.debrief.games import Debrief, GameRun
from game.i18n import has, language, t, t_or, text
from game.io.fonts import CJK_FONTS, font_face, style_hash
from game.sim.config import Lesson
from game.sim.score import TERM_KEYS
from game.sim.treatments import by_group

CSS = """
*{box-sizing:border-box}
body{margin:0;padding:0 1rem 2rem;font:15px/1.35 "DejaVu Sans",Arial,sans-serif;color:#212529;
background:#f8f9fa}
h1{font-size:1.3rem;margin:.3rem 0 0}h2{font-size:1.05rem;margin:.6rem 0 .2rem}
h3{font-size:1rem;margin:.5rem 0 .2rem}header p{margin:.2rem 0}
img{display:block;max-width:100%;height:auto}
.legend{margin:.1rem 0 .3rem;font-size:.9rem}
.f{display:inline-block;width:.8rem;height:.8rem;margin:0 .25rem 0 .6rem;vertical-align:middle}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(168px,1fr));gap:.35rem}
.grid figure{margin:0;background:#fff;border:1px solid #dee2e6;border-radius:.3rem;
padding:.15rem;min-width:0}
.grid figure.policy{background:#e9ecef}
.grid figcaption{font-size:.85rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
section.tables{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}
section.tables>div{min-width:0;max-width:100%;overflow-x:auto}
table{border-collapse:collapse;background:#fff;font-size:.9rem}
th{background:#e9ecef}tr:nth-child(even){background:#f8f9fa}
td,th{padding:.05rem .4rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.name{white-space:nowrap}
th{font-weight:600}
img.wide{width:900px}
svg.wide{display:block;max-width:100%;height:auto}
ul.notes{margin:.2rem 0;padding-left:1.2rem;overflow-wrap:anywhere}
.card{background:#fff;border-left:6px solid #246;padding:.3rem 1rem;margin:.5rem 0}
code{white-space:pre-wrap;overflow-wrap:anywhere}
:lang(zh-Hans) body{font-family:"Terafab CJK","DejaVu Sans",Arial,"Noto Sans CJK SC",
"Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
:lang(zh-Hant) body{font-family:"Terafab CJK","DejaVu Sans",Arial,"Noto Sans CJK TC",
"Source Han Sans TC","PingFang TC","Microsoft JhengHei",sans-serif}
"""
CSS += "".join(f".f-{k}{{background:{c}}}" for k, c in svg.FACTOR_COLOURS.items()) + "\n"
# the live class allows inline style by this hash only (game/web/guards.py)
CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()

CARD_SIZE = (200, 92)


def font_style(lang: str) -> str:
    """A Chinese page's own <style> with the shipped CJK font in it (for its text and the SVG
    charts drawn in it; the games' cards, images, show only figures); "" in English."""
    face = font_face(lang)
    return f"<style>{face}</style>" if face else ""


def font_style_hashes() -> list[str]:
    """The CSP hashes of the Chinese pages' font styles (the live class allows them by these)."""
    return [style_hash(font_face(lang)) for lang in CJK_FONTS]


def image(svg_text: str, width: int, height: int, alt: str, css: str = "") -> str:
    """An <img> of an SVG drawn here, as data in the page (no file or request beside it)."""
    data = base64.b64encode(svg_text.encode()).decode("ascii")
    kind = f" class='{css}'" if css else ""
    return (f"<img{kind} src='data:image/svg+xml;base64,{data}' width='{width}' "
            f"height='{height}' alt='{escape(alt)}'>")


def inline(svg_text: str, alt: str, css: str) -> str:
    """An SVG drawn here, in the page itself: its words take the page's fonts (the shipped CJK
    font of a Chinese page), which an SVG shown as an image cannot load."""
    return svg_text.replace("<svg ", f"<svg class='{css}' role='img' aria-label='{escape(alt)}' ",
                            1)


def card(debrief: Debrief, game: GameRun) -> str:
    """A game's small multiple: its compute over the built-in policies', and its walls."""
    lines = [(policy_name(p.name), p.compute()) for p in debrief.policies]
    return svg.seat_card(game.compute(), game.walls(), lines, debrief.months_total,
                         *CARD_SIZE)


def groups_chart(debrief: Debrief) -> str:
    """Each group's mean compute month by month, beside the built-in policies."""
    kind, groups = debrief.compared()
    lines = [(policy_name(p.name), p.compute(), svg.POLICY_GREY, 1.0)
             for p in debrief.policies]
    for i, (name, games) in enumerate(groups.items()):
        each = [g.compute() for g in games]
        mean = [sum(c[m] for c in each) / len(each) for m in range(min(map(len, each)))]
        colour = svg.LINE_COLOURS[i % len(svg.LINE_COLOURS)]
        lines.append((t("pages.debrief.group_line", kind=kind_name(kind),
                        name=name or t("pages.debrief.no_group")), mean, colour, 2.5))
    return svg.line_chart(lines[len(debrief.policies):] + lines[:len(debrief.policies)],
                          debrief.months_total, width=900, height=300,
                          title=t("pages.debrief.mean_chart", kind=kind_name(kind)),
                          unit="EFLOPS")


def kind_name(kind: str) -> str:
    """"group" or "team" as the page says it."""
    return t(f"pages.debrief.kind_{kind}") if kind else ""


def policy_name(name: str) -> str:
    """A built-in policy's name in the page's language."""
    return t(f"pages.policy.{name}") if has(f"pages.policy.{name}") else name


def treatments_shown(treatments: list) -> dict[str, str]:
    """group -> what it was given (game.sim.treatments.by_group), in the page's language."""
    return by_group(treatments, treatment_text, t("pages.list_sep"))


def treatment_text(treatment) -> str:
    return t("pages.debrief.treatment", lever=t_or(f"pages.web.lever.{treatment.lever}",
                                                   treatment.lever),
             value=f"{treatment.value:g}", month=treatment.from_month)


def factor_name(factor: str) -> str:
    return t(f"factor.{factor}") if factor in svg.FACTOR_COLOURS else factor


def terms_shown(debrief: Debrief) -> list[str]:
    """The score's terms that count for some game (a column of zeros says nothing)."""
    runs = [*debrief.games, *debrief.policies]
    return [k for k in TERM_KEYS if any(g.term(k) for g in runs)]


def render(debrief: Debrief) -> str:
    e = escape
    ranked = debrief.ranking()
    terms = terms_shown(debrief)
    title = t("pages.report.title", title=debrief.title)
    out = [f"<!doctype html><html lang='{language()}'><head><meta charset='utf-8'>"
           "<meta name='viewport' content='width=device-width, initial-scale=1'>"
           f"<title>{e(title)}</title><style>{CSS}</style>{font_style(language())}"
           "</head><body>"]
    header = t("pages.debrief.header", seed=debrief.seed, games=len(ranked),
               month=debrief.month, total=debrief.months_total, policies=len(debrief.policies))
    out.append(f"<header><h1>{e(title)}</h1><p>{e(header)} "
               f"<a href='grades.csv'>{e(t('pages.debrief.grades_link'))}</a></p></header>")
    if debrief.rejected:
        out.append(f"<section><h2>{e(t('pages.debrief.not_ranked'))}</h2><ul class='notes'>"
                   + "".join(f"<li>{e(text(why))}</li>" for _file, why in debrief.rejected)
                   + "</ul></section>")
    out.append(f"<section><h2>{e(t('pages.debrief.every_game'))}</h2>" + legend()
               + "<div class='grid'>")
    for rank, game in enumerate(ranked, 1):
        alt = t("pages.debrief.compute_of", name=game.name)
        out.append(f"<figure>{image(card(debrief, game), *CARD_SIZE, alt)}"
                   f"<figcaption>#{rank} {e(short(game.name, 24))} · {game.score:.0f}</figcaption>"
                   "</figure>")
    for policy in debrief.policies:
        alt = t("pages.debrief.compute_of_policy", name=policy_name(policy.name))
        caption = t("pages.debrief.built_in", name=policy_name(policy.name))
        out.append(f"<figure class='policy'>{image(card(debrief, policy), *CARD_SIZE, alt)}"
                   f"<figcaption>{e(caption)} · {policy.score:.0f}</figcaption></figure>")
    out.append("</div></section>")
    out.append(f"<section class='tables'>{ranking_table(ranked, terms)}"
               f"{policies_table(debrief)}</section>")
    out.append(compared(debrief))
    noted = [(rank, g) for rank, g in enumerate(ranked, 1) if g.notes]
    if noted:
        out.append(f"<section><h2>{e(t('pages.debrief.refused_heading'))}</h2>")
        for rank, game in noted:
            out.append(f"<h3>#{rank} {e(game.name)}</h3><ul class='notes'>"
                       + "".join(f"<li>{e(text(n))}</li>" for n in game.notes) + "</ul>")
        out.append("</section>")
    if debrief.lesson is not None:
        out.append(lesson_card(debrief.lesson))
    out.append("</body></html>\n")
    return "".join(out)


def ranking_table(ranked: list[GameRun], terms: list[str]) -> str:
    e = escape
    heads = [t("pages.debrief.col_name"), t("pages.debrief.col_team"),
             t("pages.debrief.col_group"), t("pages.report.col_score"),
             *(t(f"pages.term.{k}") for k in terms), t("pages.report.col_compute"),
             t("pages.report.col_wall"), t("pages.debrief.col_refused")]
    out = [f"<div><h2>{e(t('pages.debrief.ranking'))}</h2><table><thead><tr><th>#</th>"
           + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>"]
    for rank, g in enumerate(ranked, 1):
        who = "" if g.played_by == "student" else f" <i>({e(policy_name(g.played_by))})</i>"
        out.append(
            f"<tr><td>{rank}</td><td class='name' title='{e(g.name)}'>{e(short(g.name))}{who}"
            f"</td><td class='name'>{e(short(g.team, 16))}</td><td>{e(g.group)}</td>"
            f"<td class='num'><b>{num(g.score)}</b></td>"
            + "".join(f"<td class='num'>{num(g.term(k))}</td>" for k in terms)
            + f"<td class='num'>{float(g.summary['final_compute_eflops']):.2f}</td>"
            f"<td><span class='f f-{e(g.main_wall())}'></span>{e(factor_name(g.main_wall()))}</td>"
            f"<td class='num'>{g.refusals}</td></tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def num(value: float, digits: int = 1) -> str:
    """A figure to `digits` places, never "-0.0"."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and not float(text) else text


def short(text: str, chars: int = 28) -> str:
    """A name cut to fit its column (the full name is the cell's title)."""
    return text if len(text) <= chars else text[:chars - 1] + "…"


def policies_table(debrief: Debrief) -> str:
    e = escape
    rows = "".join(
        f"<tr><td>{e(policy_name(p.name))}</td><td class='num'>{p.score:.1f}</td>"
        f"<td class='num'>{float(p.summary['final_compute_eflops']):.2f}</td>"
        f"<td>{e(factor_name(p.main_wall()))}</td></tr>" for p in debrief.policies)
    heads = "".join(f"<th>{e(h)}</th>" for h in (
        t("pages.debrief.col_policy"), t("pages.report.col_score"),
        t("pages.report.col_compute"), t("pages.report.col_wall")))
    return (f"<div><h2>{e(t('pages.debrief.policies_heading'))}</h2><table><thead><tr>{heads}"
            f"</tr></thead><tbody>{rows}</tbody></table></div>")


def compared(debrief: Debrief) -> str:
    """The groups (or teams) side by side, with the treatments each was given; "" if none."""
    kind, groups = debrief.compared()
    unseated = debrief.unseated()
    if not groups and not unseated:
        return ""
    e = escape
    out = []
    heading = t("pages.debrief.groups_compared" if kind == "group"
                else "pages.debrief.teams_compared")
    heads = "".join(f"<th>{e(h)}</th>" for h in (
        kind_name(kind), t("pages.debrief.col_games"), t("pages.debrief.col_mean_score"),
        t("pages.debrief.col_mean_compute"), t("pages.debrief.col_treatments")))
    out.append(f"<section><h2>{e(heading)}</h2><table><thead><tr>{heads}</tr></thead><tbody>")
    for name, games in groups.items():
        score = sum(g.score for g in games) / len(games)
        compute = sum(float(g.summary["final_compute_eflops"]) for g in games) / len(games)
        given = debrief.treatments.get(name, "") if kind == "group" else ""
        out.append(f"<tr><td class='name'>{e(name or t('pages.debrief.no_group'))}</td>"
                   f"<td class='num'>{len(games)}</td>"
                   f"<td class='num'>{score:.1f}</td><td class='num'>{compute:.2f}</td>"
                   f"<td>{e(text(given)) or e(t('pages.debrief.none'))}</td></tr>")
    for name, given in unseated:  # a treatment given to a group with no game in it
        out.append(f"<tr><td class='name'>{e(name or t('pages.debrief.no_group'))}</td>"
                   f"<td class='num'>0</td><td></td><td></td>"
                   f"<td>{e(t('pages.debrief.no_seats', treatment=text(given)))}</td></tr>")
    alt = t("pages.debrief.mean_alt", kind=kind_name(kind))
    out.append("</tbody></table>"
               + (inline(groups_chart(debrief), alt, "wide") if groups else "")
               + "</section>")
    return "".join(out)


def legend() -> str:
    return "<p class='legend'>" + "".join(
        f"<span class='f f-{k}'></span>{escape(factor_name(k))} "
        for k in svg.FACTOR_COLOURS) + "</p>"


def lesson_card(lesson: Lesson) -> str:
    """The lesson card: what it teaches, what to watch, the questions, things to try."""
    e = escape
    watch = "".join(f"<li>{e(w)}</li>" for w in lesson.watch)
    questions = "".join(f"<li>{e(q)}</li>" for q in lesson.questions)
    tries = "".join(f"<li>{e(t.label)}<br><code>{e(t.command)}</code></li>"
                    for t in lesson.things_to_try)
    head = {key: e(t(f"card.{key}").rstrip(":：")) for key in ("teaches", "watch", "questions",
                                                                "try")}
    return (f"<section class='card'><h3>{head['teaches']}</h3><p>{e(lesson.teaches)}</p>"
            f"<h3>{head['watch']}</h3><ul>{watch}</ul><h3>{head['questions']}</h3>"
            f"<ol>{questions}</ol><h3>{head['try']}</h3><ul>{tries}</ul></section>")
