"""`terafab --help` and a mistyped option answer at once: building the command's parser imports
none of the engine (mesa pulls in scipy and pandas, about a second and a half at start-up)."""

import subprocess
import sys

import pytest

HEAVY = ("mesa", "scipy", "pandas", "pyarrow", "matplotlib", "pygame", "game.agents", "game.sim")

# `python -m game ARGS`, then name the heavy modules it loaded (on stderr, after its own output)
PROBE = f"""
import runpy, sys
sys.argv = ["terafab", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("game", run_name="__main__", alter_sys=True)
except SystemExit as done:
    code = done.code
heavy = sorted({{m.split(".")[0] if m.split(".")[0] != "game" else "game.sim"
                 for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {HEAVY!r})}})
print("exit", code, "heavy", ",".join(heavy) or "none", file=sys.stderr)
"""


def python_m_game(*args: str) -> tuple[str, list[str]]:
    """What `python -m game ARGS` printed (stdout then stderr) and [exit, CODE, heavy, NAMES]."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          check=True)
    *own, probe = done.stderr.strip().splitlines()
    return done.stdout + "\n".join(own), probe.split()


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["batch", "--help"]])
def test_help_loads_no_engine(args):
    out, (_, code, _, heavy) = python_m_game(*args)
    assert code == "0" and "usage: terafab" in out
    assert heavy == "none"


def test_a_mistyped_option_is_one_line_with_exit_2_and_loads_no_engine():
    out, (_, code, _, heavy) = python_m_game("run", "--seed", "x", "--out", "a.csv")
    assert code == "2"
    assert out.strip().splitlines() == [
        "terafab: error: argument --seed: expected a whole number 0 or more, got 'x' "
        "(see `terafab run --help`)"
    ]
    assert heavy == "none"


def test_running_a_command_still_loads_the_engine_it_needs():
    """The other side: the engine is imported when the command runs (here `policies`)."""
    out, (_, code, _, heavy) = python_m_game("policies")
    assert code == "0" and "balanced" in out
    assert "game.sim" in heavy.split(",")
