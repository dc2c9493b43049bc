"""Every figure of the default world says where it comes from: a CALIBRATION.md id, an estimate,
a derivation or a game-design choice, in a comment on its line, in the comment block just above
it, or on the section that holds it (the README's facts section points readers here)."""

import re
from pathlib import Path

WORLD = Path(__file__).resolve().parents[1] / "configs" / "world.yaml"
NUMBER = re.compile(r"^\s*-?\s*[\w.-]+:\s*(-?[\d.]+(e-?\d+)?|\{.*\d.*\}|\[.*\d.*\])\s*(#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _explained(lines: list[str], i: int) -> bool:
    line = lines[i]
    if "#" in line:
        return True
    depth = _indent(line)
    for above in reversed(lines[:i]):
        text = above.strip()
        if not text:
            continue
        if text.startswith("#"):
            if _indent(above) >= depth:
                return True  # the comment block over this figure and its siblings
            continue
        if _indent(above) < depth:  # the section holding it
            if "#" in above:
                return True
            depth = _indent(above)
            if depth == 0:
                return False
    return False


def unexplained_figures(text: str) -> list[str]:
    lines = text.splitlines()
    return [f"line {i + 1}: {line.strip()}" for i, line in enumerate(lines)
            if NUMBER.match(line) and not _explained(lines, i)]


def test_every_figure_of_the_default_world_names_its_source_or_says_it_is_a_choice():
    assert unexplained_figures(WORLD.read_text(encoding="utf-8")) == []


def test_a_bare_figure_is_found_and_a_commented_section_covers_its_figures():
    bare = "firm:\n  cash_busd: 45   # choice\n  debt_max_busd: 120\n"
    assert unexplained_figures(bare) == ["line 3: debt_max_busd: 120"]
    covered = "policies:   # every number a design choice\n  buyer:\n    cash_floor_busd: 15\n"
    assert unexplained_figures(covered) == []
