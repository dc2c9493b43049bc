"""`terafab fuzz --files N`: randomly damaged files of every kind fed to every reader, in-process.

Honest files come from a real short game and a tiny sweep (a save, a command log, a series as
CSV and Parquet, a decision log as JSON lines and CSV, a batch folder) and from the shipped
configs (an experiment, a scenario, the world, the window's settings). N damaged copies of each
(game.io.damage; the same seed gives the same files) go to every reader that takes that kind:
the io and batch readers themselves, and the commands built on them (`run --load`,
`run --commands`, `run --scenario`, `validate`, `report`, `class`, `plot`, `batch --resume`, the
batch plan, the saves screen). Each reading must return, or raise a TerafabError whose message
is one short line; it must print no raw control character (an escape code from the file); it
must end within the time limit and must not raise the process's memory by more than the bound.
Anything else is a failure: the file is kept in --out beside a text file with the traceback.

A watchdog thread enforces both bounds while a reader runs: past the time limit or the memory
bound it signals the main thread, which abandons the reading as a hang or a memory failure (so
a hang is reported, not waited for). The time limit is on the process's CPU time, so a machine
busy with other work does not turn a slow reading into a false hang; a reading that waits
without working (blocked, sleeping) is a hang too once the clock passes STALL_FACTOR times the
limit. A reader stuck in native code that never returns to Python is ended by faulthandler at
twice that plus 5 s: the process exits 1 with the stack, and the file being read stays in the
hidden scratch folder `--out/.fuzz-files-*`.
Memory is the resident set (Linux: the peak is reset before each reading, so the growth of each
reading is measured exactly; elsewhere the process's peak, which only shows readings that raise
it). The `play --load` window reads saves through `load_session`, fuzzed here without a window.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from game.domain.errors import TerafabError, UsageError
from game.i18n import msg, t
from game.io import damage
from game.io.untrusted import display_text

MAX_MESSAGE_CHARS = 1000  # an error message longer than this is not "one clear line"
MAX_KEPT = 50             # failing files kept in --out (the count of failures is always told)
MIB = 1024 * 1024


# ------------------------------------------------------------------------------- the kinds
@dataclass(frozen=True)
class Kind:
    """A kind of file: its suffix ("" for a folder) and how an honest one is damaged."""

    name: str
    suffix: str
    damage: Callable[[object, random.Random], object]


# a damaged manifest is read as none (the tables alone are drawn): the tables are damaged more
BATCH_WEIGHTS = {"manifest.json": 0.25, "runs.parquet": 0.45, "series.parquet": 0.2,
                 "experiment.yaml": 0.1}
KINDS = [
    Kind("save", ".json", damage.damage_json),
    Kind("command-log", ".jsonl", damage.damage_jsonl),
    Kind("series-csv", ".csv", damage.damage_csv),
    Kind("series-parquet", ".parquet", damage.damage_parquet),
    Kind("events-jsonl", ".jsonl", damage.damage_jsonl),
    Kind("events-csv", ".csv", damage.damage_csv),
    Kind("experiment", ".yaml", damage.damage_yaml),
    Kind("scenario", ".yaml", damage.damage_yaml),
    Kind("world", ".yaml", damage.damage_yaml),
    Kind("settings", ".yaml", damage.damage_yaml),
    Kind("batch-folder", "", lambda files, rng: damage.damage_folder(files, rng, BATCH_WEIGHTS)),
]
KIND_NAMES = [k.name for k in KINDS]

# a file's name is shown on pages, charts and terminals too: some files get a hostile one
HOSTILE_STEMS = ["\x1b[31mred", "$x^$", "\u202eevil", "<b>bold</b>", "a" * 200, "\u540d\u524d",
                 "dash -", " space ", "new\nline", "50%_{x}"]


def file_rng(seed: int, kind: str, index: int) -> random.Random:
    """The generator of one file: the same seed, kind and index always give the same file,
    whatever --files and --kind were."""
    return random.Random(f"terafab-fuzz-files:{seed}:{kind}:{index}")


def file_stem(rng: random.Random, kind: str, index: int) -> str:
    if rng.random() < 0.2:
        if rng.random() < 0.2 and os.name == "posix":
            return os.fsdecode(b"\xff\xfe-not-utf8")  # a name that is not UTF-8
        return rng.choice(HOSTILE_STEMS)
    return f"{kind}-{index:05d}"


# ------------------------------------------------------------------------------- the readers
@dataclass
class Context:
    """What readers need besides the file: folders to write to, the honest files."""

    scratch: Path
    honest: dict[str, object]
    parser: argparse.ArgumentParser
    kind: str = ""  # the kind of the file being read
    outputs: Path = field(init=False)

    def __post_init__(self) -> None:
        self.outputs = self.scratch / "outputs"
        self.outputs.mkdir(exist_ok=True)

    def cli(self, *argv: object) -> object:
        """One `terafab` subcommand run in this process; its TerafabError is not caught."""
        args = self.parser.parse_args([str(a) for a in argv])
        return args.handler(args)

    def world_scenario(self, world: Path) -> Path:
        """A scenario file (the tutorial's) whose base world is a copy of `world` (under a name
        a YAML file can hold: the world's own may not be UTF-8)."""
        copy = self.scratch / "world-under-test.yaml"
        shutil.copyfile(world, copy)
        text = self.honest["scenario"].decode("utf-8")
        path = self.scratch / "world-scenario.yaml"
        path.write_text(text.replace("base_world: world.yaml", f"base_world: '{copy}'"),
                        encoding="utf-8")
        return path


@dataclass(frozen=True)
class Reader:
    name: str
    kinds: tuple[str, ...]
    read: Callable[[Path, Context], object]
    draws: bool = False  # it draws charts: about 3 s for every file it accepts


@contextlib.contextmanager
def _environ(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _load_session(path: Path, ctx: Context) -> object:
    from game.io import saves

    return saves.load_session(path)


def _saves_screen(path: Path, ctx: Context) -> object:
    from game.io import userdata

    folder = ctx.scratch / "slots"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(path, folder / "slot1.json")
    with _environ("TERAFAB_DATA_DIR", str(folder)):
        info = userdata.slot_info("slot1")
    assert "\n" not in info.label, t("cli.fuzz_files.label_lines", label=f"{info.label!r:.80}")
    return info


def _settings(path: Path, ctx: Context) -> object:
    from game.io import userdata

    folder = ctx.scratch / "config"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(path, folder / "settings.yaml")
    with _environ("TERAFAB_CONFIG_DIR", str(folder)):
        return userdata.load_settings()


def _command_log(path: Path, ctx: Context) -> object:
    from game.io import commandlog

    return commandlog.read_command_log(path)


def _series(path: Path, ctx: Context) -> object:
    from game.io import series

    return series.read_series(path)


def _events(path: Path, ctx: Context) -> object:
    from game.io import series

    return series.read_events(path)


def _experiment(path: Path, ctx: Context) -> object:
    from game.batch import experiment

    exp = experiment.load_experiment(path)
    return experiment.experiment_from_data(exp.to_data(), str(path))  # what a batch writes back


def _batch_plan(path: Path, ctx: Context) -> object:
    """What `terafab batch FILE` does before its first run: the experiment with the flags, its
    scenario, the fixed values and every swept or sampled value applied and validated (each on
    its own: the full factorial of a large sweep is a big sweep, not a damaged file)."""
    from game.batch import plan
    from game.cli.batch import experiment_from_args
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides

    args = ctx.parser.parse_args(["batch", str(path), "--out", str(ctx.outputs / "plan")])
    exp = experiment_from_args(args)
    base = plan.base_config(exp, load_scenario(exp.scenario))
    plan.check_policies(exp, base)
    ranges = exp.sample.ranges.items() if exp.sample else ()
    values = [(k, v) for k, vs in exp.sweep.items() for v in vs]
    values += [(k, v) for k, bounds in ranges for v in bounds]
    for key, value in values:
        apply_overrides(base, {key: value})
    return exp


def _scenario_file(path: Path, ctx: Context) -> Path:
    return ctx.world_scenario(path) if ctx.kind == "world" else path


def _load_scenario(path: Path, ctx: Context) -> object:
    from game.io import scenarios

    return scenarios.load_scenario(_scenario_file(path, ctx))


def _manifest(path: Path, ctx: Context) -> object:
    from game.batch import manifest

    found = manifest.read_manifest(path)
    assert found is None or isinstance(found, dict), \
        t("cli.fuzz_files.manifest_gave", type=str(type(found)))
    return found


def _results(path: Path, ctx: Context) -> object:
    from game.batch import api

    return api.load_results(path)


def _batch_resume(path: Path, ctx: Context) -> object:
    previous = signal.getsignal(signal.SIGTERM)  # `batch` stops cleanly on SIGTERM: put it back
    try:
        return ctx.cli("batch", "--resume", "--out", path, "--engine", "serial", "--quiet")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(path: Path, ctx: Context) -> object:
    return ctx.cli("report", path, "--out", ctx.outputs / "report.html", "--no-policies")


SAVE_OR_LOG = ("save", "command-log")
SERIES = ("series-csv", "series-parquet")
EVENTS = ("events-jsonl", "events-csv")
SCENARIOS = ("scenario", "world")
READERS = [
    Reader("load_session", ("save",), _load_session),
    Reader("saves screen", ("save",), _saves_screen),
    Reader("read_command_log", ("command-log",), _command_log),
    Reader("read_series", SERIES, _series),
    Reader("read_events", EVENTS, _events),
    Reader("load_experiment", ("experiment",), _experiment),
    Reader("load_scenario", SCENARIOS, _load_scenario),
    Reader("load_settings", ("settings",), _settings),
    Reader("read_manifest", ("batch-folder",), _manifest),
    Reader("load_results", ("batch-folder",), _results),
    Reader("run --load", ("save",), lambda p, ctx: ctx.cli(
        "run", "--load", p, "--months", "1", "--out", ctx.outputs / "run.csv")),
    Reader("run --commands", ("command-log",), lambda p, ctx: ctx.cli(
        "run", "--scenario", "tutorial", "--seed", "4", "--months", "4", "--commands", p,
        "--out", ctx.outputs / "run.csv")),
    Reader("run --scenario", SCENARIOS, lambda p, ctx: ctx.cli(
        "run", "--scenario", _scenario_file(p, ctx), "--months", "2",
        "--out", ctx.outputs / "run.csv")),
    Reader("validate", SCENARIOS, lambda p, ctx: ctx.cli("validate", p)),
    Reader("batch plan", ("experiment",), _batch_plan),
    Reader("class", SAVE_OR_LOG, lambda p, ctx: ctx.cli(
        "class", p, "--scenario", "tutorial", "--seed", "4", "--months", "4",
        "--out", ctx.outputs / "class"), draws=True),
    Reader("report", ("save", *SERIES, "batch-folder"), _report, draws=True),
    Reader("report --events", EVENTS, lambda p, ctx: ctx.cli(
        "report", ctx.honest["series.csv"], "--events", p, "--out",
        ctx.outputs / "report.html", "--no-policies"), draws=True),
    Reader("plot", ("batch-folder",), lambda p, ctx: ctx.cli("plot", p), draws=True),
    Reader("batch --resume", ("batch-folder",), _batch_resume),
]


def honest_files(folder: Path) -> dict[str, object]:
    """Honest files of each kind: a short tutorial game with the balanced player (save, series,
    decision log, its commands as a log), a two-seed sweep, and the shipped config files."""
    import json
    from dataclasses import asdict

    import yaml

    from game.batch.api import sweep
    from game.io.paths import CONFIGS
    from game.io.saves import save_session
    from game.io.scenarios import load_scenario
    from game.io.series import write_events, write_series
    from game.io.userdata import Settings
    from game.sim.session import Session

    folder.mkdir(parents=True, exist_ok=True)
    session = Session(load_scenario("tutorial"), 4, "balanced")
    session.run(4)
    for name in ("series.csv", "series.parquet"):
        write_series(session.series, folder / name)
    for name in ("events.jsonl", "events.csv"):
        write_events(session.events, folder / name)
    save_session(session, folder / "save.json")
    log = "".join(json.dumps({k: v for k, v in c.to_dict().items() if k != "source"}) + "\n"
                  for c in session.command_log)
    batch = folder / "batch"
    sweep("tutorial", seeds=2, policies=["passive", "balanced"], months=3, series=True,
          out=batch, engine="serial")
    read = {name: (folder / name).read_bytes() for name in
            ("save.json", "series.csv", "series.parquet", "events.jsonl", "events.csv")}
    return {
        "save": read["save.json"], "command-log": log.encode("utf-8"),
        "series-csv": read["series.csv"], "series-parquet": read["series.parquet"],
        "events-jsonl": read["events.jsonl"], "events-csv": read["events.csv"],
        "experiment": (CONFIGS / "experiments" / "policies-vs-demand.yaml").read_bytes(),
        "scenario": (CONFIGS / "scenarios" / "tutorial.yaml").read_bytes(),
        "world": (CONFIGS / "world.yaml").read_bytes(),
        "settings": yaml.safe_dump(asdict(Settings()), sort_keys=True).encode("utf-8"),
        "batch-folder": {name: (batch / name).read_bytes() for name in BATCH_WEIGHTS},
        "series.csv": folder / "series.csv",  # beside a damaged decision log in `report`
    }


def materialize(data: object, path: Path) -> None:
    """Write a file (bytes) or a folder (name -> bytes, None for a missing file) at `path`."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    path.mkdir()
    for name, content in data.items():
        if content is not None:
            (path / name).write_bytes(content)


# ------------------------------------------------------------------------------- the bounds
def rss_bytes() -> int | None:
    """The resident set now (Linux), or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def reset_peak() -> bool:
    """Start a new peak of the resident set (Linux: /proc/self/clear_refs); False if unable."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_bytes() -> int | None:
    """The resident set's peak since the last reset (else since the start), or None."""
    try:
        with open("/proc/self/status", "rb") as f:
            found = re.search(rb"VmHWM:\s+(\d+) kB", f.read())
        if found:
            return int(found.group(1)) * 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, kB elsewhere


class Overrun(BaseException):  # not an Exception: a reader's `except Exception` cannot hide it
    """Raised in the main thread when a reading passes its time limit or memory bound."""


class Watchdog:
    """Bounds one reading at a time: a thread watches the CPU time, the clock and the resident
    set and, past a bound, signals the main thread (SIGALRM), whose handler raises Overrun
    there. faulthandler ends the process if even that cannot stop the reading."""

    POLL_S = 0.02
    # a reading that does no work is a hang once the clock passes this many times the limit
    STALL_FACTOR = 6.0

    def __init__(self, seconds: float, memory_bytes: int) -> None:
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._deadline: float | None = None  # of CPU time (time.process_time)
        self._stall_deadline = 0.0  # of the clock (time.monotonic)
        self._base = 0
        self._reason = ""
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self.can_interrupt = (hasattr(signal, "pthread_kill") and hasattr(signal, "SIGALRM")
                              and threading.current_thread() is threading.main_thread())
        self._previous = None
        if self.can_interrupt:
            self._previous = signal.signal(signal.SIGALRM, self._on_signal)
        self._thread = threading.Thread(target=self._watch, name="fuzz-files-watchdog",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        faulthandler.cancel_dump_traceback_later()
        if self.can_interrupt:
            signal.signal(signal.SIGALRM, self._previous)

    def _on_signal(self, signum: int, frame: object) -> None:
        if self._reason and self._deadline is not None:
            raise Overrun(self._reason)

    def _watch(self) -> None:
        while not self._stop.wait(self.POLL_S):
            with self._lock:
                if self._deadline is None or self._reason:
                    continue
                if time.process_time() > self._deadline:
                    self._reason = t("cli.fuzz_files.still_cpu", seconds=self.seconds)
                elif time.monotonic() > self._stall_deadline:
                    self._reason = t("cli.fuzz_files.still_clock", seconds=self.stall_seconds)
                else:
                    rss = rss_bytes()
                    if rss is not None and rss - self._base > self.memory_bytes:
                        self._reason = t("cli.fuzz_files.grew_over",
                                         mb=self.memory_bytes // MIB)
                if self._reason and self.can_interrupt:
                    signal.pthread_kill(self._main, signal.SIGALRM)

    @property
    def stall_seconds(self) -> float:
        return self.STALL_FACTOR * self.seconds

    @contextlib.contextmanager
    def bounded(self):
        """Run the body under the bounds; yields a dict that gets `seconds` (of CPU time),
        `clock_seconds` and `grown` (bytes the reading added to the resident set's peak; None
        if not measured)."""
        measured: dict[str, object] = {}
        exact = reset_peak()
        base = rss_bytes() if exact else peak_bytes()
        try:
            faulthandler.dump_traceback_later(2 * self.stall_seconds + 5, exit=True,
                                              file=sys.__stderr__)
        except (AttributeError, ValueError, io.UnsupportedOperation):  # no real stderr
            pass
        started_cpu, started = time.process_time(), time.monotonic()
        with self._lock:
            self._base = rss_bytes() or 0
            self._reason = ""
            self._deadline = started_cpu + self.seconds
            self._stall_deadline = started + self.stall_seconds
        try:
            yield measured
        finally:
            with self._lock:
                self._deadline = None
            faulthandler.cancel_dump_traceback_later()
            measured["seconds"] = time.process_time() - started_cpu
            measured["clock_seconds"] = time.monotonic() - started
            peak = peak_bytes()
            measured["grown"] = None if peak is None or base is None else max(0, peak - base)


# ------------------------------------------------------------------------------- a reading
_RAW_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass
class Reading:
    """What one reader did with one file."""

    reader: str
    outcome: str            # "read", "refused" or "failed"
    seconds: float
    grown: int | None       # bytes added to the process's peak
    problem: str = ""       # for a failure: one line
    detail: str = ""        # for a failure: the traceback or the message


def judge(exc: BaseException | None, printed: str, path: Path) -> tuple[str, str]:
    """(outcome, problem) of a reading of `path` that raised `exc` (None: it returned) and
    printed `printed`. The file's own name may hold any character: it is left out of the check
    of the message's lines (a terminal or page shows it escaped)."""
    if isinstance(exc, Overrun):
        return "failed", str(exc)
    if exc is not None and not isinstance(exc, TerafabError):
        return "failed", f"{type(exc).__name__}: {display_text(exc)[:200]}"
    raw = _RAW_OUTPUT.search(printed)
    if raw:
        return "failed", t("cli.fuzz_files.raw_control", what=display_text(raw.group()))
    if exc is None:
        return "read", ""
    text = str(exc).replace(str(path), "FILE")
    if not text.strip():
        return "failed", t("cli.fuzz_files.empty_message", error=type(exc).__name__)
    if len(text.splitlines()) > 1:
        return "failed", t("cli.fuzz_files.many_lines", lines=len(text.splitlines()),
                           message=display_text(text)[:120])
    if len(display_text(text)) > MAX_MESSAGE_CHARS:
        return "failed", t("cli.fuzz_files.long_message", chars=len(display_text(text)),
                           most=MAX_MESSAGE_CHARS, message=display_text(text)[:120])
    return "refused", ""


def read_once(reader: Reader, path: Path, ctx: Context, watchdog: Watchdog) -> Reading:
    out = io.StringIO()
    exc: BaseException | None = None
    with watchdog.bounded() as measured:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                reader.read(path, ctx)
        except (Exception, Overrun, SystemExit) as caught:  # Ctrl-C still stops the fuzzer
            exc = caught
    if "matplotlib.pyplot" in sys.modules:  # a chart abandoned half-drawn stays open
        sys.modules["matplotlib.pyplot"].close("all")
    outcome, problem = judge(exc, out.getvalue(), path)
    seconds, grown = measured["seconds"], measured["grown"]
    if outcome != "failed" and seconds > watchdog.seconds:  # where no signal could stop it
        outcome, problem = "failed", t("cli.fuzz_files.took_cpu", seconds=seconds)
    clock_s = measured["clock_seconds"]
    if outcome != "failed" and clock_s > watchdog.stall_seconds:
        outcome, problem = "failed", t("cli.fuzz_files.took_clock", seconds=clock_s)
    if outcome != "failed" and grown is not None and grown > watchdog.memory_bytes:
        outcome, problem = "failed", t("cli.fuzz_files.grew", mb=grown / MIB)
    detail = ""
    if outcome == "failed":
        detail = ("".join(traceback.format_exception(exc)) if exc is not None else "") + (
            "\n" + t("cli.fuzz_files.printed", printed=out.getvalue()[-4000:])
            if out.getvalue() else "")
    return Reading(reader.name, outcome, seconds, grown, problem, detail)


# ------------------------------------------------------------------------------- the run
@dataclass
class Failure:
    kind: Kind
    index: int
    stem: str
    reading: Reading
    kept: Path | None = None


@dataclass
class Tally:
    files: dict[str, int] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], int] = field(default_factory=dict)   # (kind, outcome)
    readers: dict[str, list] = field(default_factory=dict)  # name -> [readings, seconds]
    failures: list[Failure] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    most_memory: tuple[int, str] = (0, "")

    def add(self, kind: Kind, index: int, stem: str, reading: Reading) -> None:
        key = (kind.name, reading.outcome)
        self.outcomes[key] = self.outcomes.get(key, 0) + 1
        spent = self.readers.setdefault(reading.reader, [0, 0.0])
        spent[0] += 1
        spent[1] += reading.seconds
        where = t("cli.fuzz_files.where", reader=reading.reader, kind=kind.name, index=index)
        if reading.seconds > self.slowest[0]:
            self.slowest = (reading.seconds, where)
        if reading.grown is not None and reading.grown > self.most_memory[0]:
            self.most_memory = (reading.grown, where)
        if reading.outcome == "failed":
            self.failures.append(Failure(kind, index, stem, reading))


def keep(failure: Failure, data: object, out: Path, seed: int) -> Path:
    """Keep the failing file (or folder) in `out` beside a text file with the traceback."""
    from game.io.atomic import write_atomic

    kind, index = failure.kind, failure.index
    base = out / f"fuzz-file-{kind.name}-{index:05d}"
    kept = base.with_name(base.name + kind.suffix)
    if not kept.exists():
        materialize(data, kept)
    slug = re.sub(r"[^a-z0-9]+", "-", failure.reading.reader.lower()).strip("-")
    note = t("cli.fuzz_files.note", reader=failure.reading.reader, kind=kind.name, index=index,
             named=f"{display_text(failure.stem)!s}{kind.suffix}", kept=kept.name,
             problem=failure.reading.problem, files=index + 1, seed=seed,
             detail=failure.reading.detail)
    write_atomic(base.with_name(f"{base.name}.{slug}.txt"), note.encode("utf-8", "replace"))
    return kept


def fuzz_files(args: argparse.Namespace) -> int:
    from game.cli import build_parser

    out = Path(args.out)
    if not out.is_dir():
        raise UsageError(msg("cli.no_folder", path=out))
    kinds = [k for k in KINDS if not args.kind or k.name in args.kind]
    seconds = args.time_limit or 10.0
    memory_mb = args.memory_limit_mb or 256
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix=".fuzz-files-", dir=out)).resolve()
    watchdog = Watchdog(seconds, memory_mb * MIB)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            honest = honest_files(scratch / "honest")
        ctx = Context(scratch, honest, build_parser())
        tally = Tally()
        warm_up(kinds, ctx, scratch)
        total = len(kinds) * args.files
        done = 0
        for kind in kinds:
            readers = [r for r in READERS if kind.name in r.kinds]
            ctx.kind = kind.name
            for index in range(args.files):
                rng = file_rng(args.seed, kind.name, index)
                data = kind.damage(honest[kind.name], rng)
                stem = file_stem(rng, kind.name, index)
                path = scratch / "files" / f"{stem}{kind.suffix}"
                path.parent.mkdir(exist_ok=True)
                tally.files[kind.name] = tally.files.get(kind.name, 0) + 1
                for reader in readers:
                    materialize(data, path)  # afresh: a reader may have changed it
                    reading = read_once(reader, path, ctx, watchdog)
                    tally.add(kind, index, stem, reading)
                    if reading.outcome == "failed" and len(tally.failures) <= MAX_KEPT:
                        tally.failures[-1].kept = keep(tally.failures[-1], data, out, args.seed)
                materialize(b"", path)
                done += 1
                if sys.stderr.isatty():
                    print("\r" + t("cli.fuzz_files.progress", done=done, total=total), end="",
                          file=sys.stderr)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        watchdog.close()
        shutil.rmtree(scratch, ignore_errors=True)
    summary(tally, kinds, args, seconds, memory_mb, time.perf_counter() - started, watchdog)
    return 1 if tally.failures else 0


def warm_up(kinds: list[Kind], ctx: Context, scratch: Path) -> None:
    """Every reader reads the honest files of its kinds once, unbounded (the first reading
    imports pandas, pyarrow, matplotlib): each must accept them, or the fuzzer would test
    nothing. A reader that draws charts reads only its first kind's (it costs seconds)."""
    drawn: set[str] = set()
    for kind in kinds:
        path = scratch / "warm" / f"honest-{kind.name}{kind.suffix}"
        path.parent.mkdir(exist_ok=True)
        ctx.kind = kind.name
        for reader in (r for r in READERS if kind.name in r.kinds):
            if reader.draws and reader.name in drawn:
                continue
            drawn.add(reader.name)
            materialize(ctx.honest[kind.name], path)
            try:
                with contextlib.redirect_stdout(io.StringIO()) as printed, \
                        contextlib.redirect_stderr(printed):
                    reader.read(path, ctx)
            except Exception as exc:
                raise UsageError(msg("cli.fuzz_files.honest_refused", reader=reader.name,
                                     kind=kind.name, error=type(exc).__name__,
                                     message=display_text(exc)[:200])) from None


def summary(tally: Tally, kinds: list[Kind], args: argparse.Namespace, limit_s: float,
            memory_mb: int, seconds: float, watchdog: Watchdog) -> None:
    files = sum(tally.files.values())
    readings = sum(n for n, _ in tally.readers.values())
    print(t("cli.fuzz_files.head", files=files, each=args.files, kinds=len(kinds),
            seed=args.seed, readings=readings, readers=len(tally.readers), seconds=seconds))
    for kind in kinds:
        count = {o: tally.outcomes.get((kind.name, o), 0) for o in ("read", "refused", "failed")}
        print(t("cli.fuzz_files.kind", kind=f"{kind.name:<15}",
                files=tally.files.get(kind.name, 0), readings=sum(count.values()),
                refused=count["refused"], read=count["read"], failed=count["failed"]))
    print(t("cli.fuzz_files.readers", readers=t("cli.class.sep").join(
        t("cli.fuzz_files.reader", name=name, n=n, seconds=s)
        for name, (n, s) in tally.readers.items())))
    s, where = tally.slowest
    print(t("cli.fuzz_files.slowest", seconds=s, where=where, limit=limit_s,
            clock=watchdog.stall_seconds,
            after="" if watchdog.can_interrupt else t("cli.fuzz_files.checked_after")))
    grown, where = tally.most_memory
    if peak_bytes() is None:
        print(t("cli.fuzz_files.memory_unmeasured"))
    else:
        print(t("cli.fuzz_files.most_memory", mb=grown / MIB,
                where=where or t("cli.fuzz_files.no_reading"), bound=memory_mb))
    if not tally.failures:
        print(t("cli.fuzz_files.all_passed"))
        return
    print(t("cli.fuzz_files.failed", n=len(tally.failures)))
    for failure in tally.failures[:10]:
        kept = t("cli.fuzz_files.kept", path=failure.kept) if failure.kept else ""
        print(t("cli.fuzz_files.failure", kind=failure.kind.name, index=failure.index,
                reader=failure.reading.reader, problem=failure.reading.problem, kept=kept))
    if len(tally.failures) > 10:
        print(t("cli.fuzz_files.more", n=len(tally.failures) - 10))
