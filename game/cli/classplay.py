"""`terafab class GAME ... --scenario NAME [--seed N] --out DIR`: rank several students' games
(saves or command logs) of one scenario and seed beside the built-in policies: class.html (the
same debrief page the live class shows, game/debrief), grades.csv (the same as the live class's)
and ranking.csv (students and policies in one table).

The class's world is the one named here (--scenario, and --seed, by default 1 like `terafab run`
and the lesson cards), never one taken from a student's file. Exit 0 when every file was ranked,
1 when some could not be (they are listed, with the reason, on the terminal and in class.html),
2 when none could be or the input is wrong.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from game.cli.args import non_negative_int, positive_int
from game.i18n import DEFAULT, language, padded, t, t_or


def _term(key: str) -> str:
    """A score term's name: its column's key in English (as ranking.csv writes it), the
    catalog's word in another language."""
    return key if language() == DEFAULT else t(f"score_term.{key}")


def _grade(grade: str) -> str:
    """A grade as ranking.csv writes it ("gold", "-"), in the language."""
    return grade if language() == DEFAULT else t_or(f"grade.{grade}", grade)



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("class", help=t("cli.help.class"))
    p.add_argument("games", nargs="+", help=t("cli.classplay.games"))
    p.add_argument("--out", required=True,
                   help=t("cli.classplay.out"))
    p.add_argument("--scenario", required=True,
                   help=t("cli.classplay.scenario"))
    p.add_argument("--seed", type=non_negative_int, default=1,
                   help=t("cli.classplay.seed"))
    p.add_argument("--months", type=positive_int, default=None,
                   help=t("cli.classplay.months"))
    p.set_defaults(handler=run)


def check_out_folder(out: Path) -> None:
    """Refuse, before any game is replayed, an --out that is a file or cannot be written."""
    from game.domain.errors import UsageError
    from game.i18n import msg
    from game.io.atomic import check_writable

    if out.exists() and not out.is_dir():
        raise UsageError(msg("cli.not_a_folder", path=out))
    if out.is_dir():
        check_writable(out / "ranking.csv")
    else:
        check_writable(out)  # its parent must exist and be writable, to make it


def run(args: argparse.Namespace) -> int:
    from game.debrief.grades import grades_csv
    from game.debrief.page import render
    from game.domain.errors import UsageError
    from game.i18n import msg, text
    from game.io.atomic import write_output
    from game.io.scenarios import load_scenario
    from game.io.untrusted import display_text
    from game.sim.score import TERM_KEYS
    from game.teach.class_report import gather
    from game.teach.classroom import RANK_COLUMNS, play_class, ranking

    out = Path(args.out)
    check_out_folder(out)
    scenario = load_scenario(args.scenario)
    result = play_class([Path(g) for g in args.games], scenario, args.seed, args.months)
    for _file, why in result.rejected:
        print(t("pages.cli.not_ranked", why=display_text(text(why))), file=sys.stderr)
    if not result.students:
        raise UsageError(msg("cli.class.none_ranked", rejected=len(result.rejected)))
    rows = ranking(result)
    debrief = gather(result)
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(msg("cli.cannot_make_folder", path=out,
                             problem=exc.strerror or str(exc))) from None
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(RANK_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files = {"ranking.csv": buf.getvalue().encode("utf-8"),
             "grades.csv": grades_csv(debrief).encode("utf-8"),
             "class.html": render(debrief).encode("utf-8")}
    for name, data in files.items():
        write_output(out / name, data, t("cli.class.results"))
    for row in rows:
        if row["kind"] == "student":
            terms = t("cli.class.sep").join(
                t("cli.class.term", term=_term(k), points=float(row[f"score_{k}"]))
                for k in TERM_KEYS if float(row[f"score_{k}"]))
            print(t("cli.class.row", rank=f"{row['rank']:>3}",
                    name=padded(display_text(row['name']), 24), score=float(row["score"]),
                    grade=padded(_grade(row['score_grade']), 6), terms=terms))
            for note in result.notes.get(str(row["name"]), ()):
                # an empty log, a skipped line, a refusal and why
                print(f"       {display_text(text(note))}")
    print(t("pages.cli.class_done", ranked=len(result.students), rejected=len(result.rejected),
            scenario=result.scenario.name, seed=result.seed, out=display_text(out)))
    return 1 if result.rejected else 0
