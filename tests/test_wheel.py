"""The package runs where it is installed: the sdist and wheel built the way `pip install .` builds
them, the wheel installed (not editable) into a fresh venv outside the repository, and `terafab`
run from another folder finds its scenarios, fonts and text catalogs, and ships its licences.

The new venv gets the wheel alone; the dependencies come from this venv's site-packages through a
plain path line in a .pth file (added after the install, so pip sees a clean environment; a path
line does not run this venv's editable-install hook), so the test needs no network and no source
tree on sys.path. It takes about half a minute and runs with the rest of the suite in CI."""

from __future__ import annotations

import html
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "game", "configs", "assets"]
LICENCES = ["LICENSE", "assets/fonts/LICENSE-DejaVu.txt"]
SCENARIOS = sorted(p.stem for p in (ROOT / "configs" / "scenarios").glob("*.yaml"))
BUILD = ("import sys\nfrom setuptools import build_meta\n"
         "getattr(build_meta, 'build_' + sys.argv[1])(sys.argv[2])\n")
TIMEOUT_S = 180


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None):
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert out.returncode == 0, f"{cmd} exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    assert "Traceback" not in out.stderr, out.stderr
    return out


def _build(kind: str, source: Path, out_dir: Path) -> Path:
    """Build an sdist or a wheel with setuptools' PEP 517 hooks, as pip and `build` call them."""
    out_dir.mkdir()
    _run([sys.executable, "-c", BUILD, kind, str(out_dir)], cwd=source)
    (built,) = out_dir.iterdir()
    return built


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sdist built from a copy of the sources, and the wheel built from that sdist."""
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.fail(f"setuptools {setuptools.__version__} is too old to build the package "
                    "(>=77, in the dev extra): run `make setup`")
    tmp = tmp_path_factory.mktemp("build")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:  # a copy, so the build writes no egg-info or build/ into the checkout
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, source / name)
    sdist = _build("sdist", source, tmp / "sdist")
    unpacked = tmp / "unpacked"
    with tarfile.open(sdist) as tar:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(unpacked, **safe)
    (sdist_root,) = unpacked.iterdir()
    wheel = _build("wheel", sdist_root, tmp / "wheel")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> dict:
    """A fresh venv outside the repository with the wheel installed, and a folder to run in."""
    tmp = tmp_path_factory.mktemp("installed")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", "--disable-pip-version-check", str(built["wheel"])], cwd=tmp)
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                cwd=tmp).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(site) / "terafab_test_dependencies.pth").write_text("\n".join(ours) + "\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TERAFAB_CONFIGS")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONNOUSERSITE="1")
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    assert ROOT not in elsewhere.parents and ROOT not in venv.parents
    terafab = scripts / ("terafab.exe" if os.name == "nt" else "terafab")
    return {"venv": venv, "python": python, "terafab": str(terafab), "env": env,
            "cwd": elsewhere}


def test_the_sdist_and_wheel_carry_the_data_and_the_licences(built):
    with tarfile.open(built["sdist"]) as tar:
        sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for name in [*LICENCES, "configs/world.yaml", "configs/scenarios/terafab.yaml",
                 "assets/i18n/en.yaml", "assets/fonts/DejaVuSans.ttf"]:
        assert name in sdist, f"{name} missing from the sdist"
    wheel = set(zipfile.ZipFile(built["wheel"]).namelist())
    licences = {name.split(".dist-info/licenses/", 1)[1] for name in wheel
                if ".dist-info/licenses/" in name}
    assert set(LICENCES) <= licences
    data = {name for name in wheel if name.startswith(("game/configs/", "game/assets/"))}
    for folder in ("configs", "assets"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                name = f"game/{path.relative_to(ROOT).as_posix()}"
                assert name in data, f"{name} missing from the wheel"
    assert not any(name.startswith(("configs/", "assets/", "agents/")) for name in wheel), \
        "the wheel installs a top-level folder beside game/"
    # Every package of the source tree is in the wheel (pyproject.toml lists them by name).
    for init in (ROOT / "game").rglob("__init__.py"):
        name = init.relative_to(ROOT).as_posix()
        assert name in wheel, f"{name} missing from the wheel: add its package to pyproject.toml"


def test_the_installed_package_reads_its_data_from_the_venv_not_the_checkout(installed):
    code = ("import game, game.io.paths as p\n"
            "print(game.__file__); print(p.CONFIGS / 'world.yaml'); print(p.SCENARIOS)\n"
            "print(p.ASSETS / 'fonts' / 'DejaVuSans.ttf'); print(p.ASSETS / 'i18n' / 'en.yaml')\n")
    out = _run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=installed["env"])
    venv = installed["venv"].resolve()
    for line in out.stdout.split("\n")[:5]:
        path = Path(line).resolve()
        assert venv in path.parents, f"{path} is not inside the new venv"
        assert path.exists(), f"{path} does not exist"


def test_installed_terafab_lists_the_scenarios(installed):
    out = _run([installed["terafab"], "scenarios"], cwd=installed["cwd"], env=installed["env"])
    listed = [line.split()[0] for line in out.stdout.splitlines() if line.strip()]
    assert listed == SCENARIOS


def test_installed_terafab_runs_a_campaign_and_reports_on_it(installed):
    cwd, env = installed["cwd"], installed["env"]
    _run([installed["terafab"], "run", "--scenario", "terafab", "--months", "12",
          "--out", "run.csv", "--events", "events.jsonl"], cwd=cwd, env=env)
    rows = (cwd / "run.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 12  # a header and a row a month
    _run([installed["terafab"], "report", "run.csv", "--scenario", "terafab", "--events",
          "events.jsonl", "--no-policies", "--out", "report.html"], cwd=cwd, env=env)
    page = (cwd / "report.html").read_text(encoding="utf-8")
    goal = yaml.safe_load((ROOT / "configs/scenarios/terafab.yaml").read_text("utf-8"))["goal"]
    assert "<img" in page and html.escape(goal) in page  # the scenario's card, from the package


def test_installed_terafab_plays_headless_and_saves_a_screenshot(installed):
    cwd = installed["cwd"]
    _run([installed["terafab"], "play", "--screenshot", "shot.png", "--months", "6",
          "--size", "1280x720"], cwd=cwd, env=installed["env"])
    header = (cwd / "shot.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 720)
