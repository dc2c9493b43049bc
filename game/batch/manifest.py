"""manifest.json: what anyone needs to rerun a sweep: the command, the experiment, the resolved
config, the seeds, and the versions of the project and its main dependencies.

No timestamps or host names: two sweeps of the same experiment give the same manifest except for
the `execution` block (engine and worker count), which does not change any result.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shlex
from importlib import metadata
from pathlib import Path

from game.batch.store import write_file
from game.domain.errors import TerafabError
from game.io.untrusted import MAX_MANIFEST_BYTES, read_json_file

MANIFEST = "manifest.json"
EXPERIMENT_COPY = "experiment.yaml"
MANIFEST_MAX_BYTES = 64 << 20  # 100,000 sampled points and a million seeds take about 25 MB
FORMAT = "terafab-batch"
VERSION = 1
PACKAGES = (
    "terafab",
    "mesa",
    "numpy",
    "pydantic",
    "pyarrow",
    "pandas",
    "pyyaml",
    "dask",
    "distributed",
)


def versions() -> dict[str, str]:
    """Installed versions of the project and its main dependencies (absent ones are left out)."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def config_digest(config: dict) -> str:
    text = json.dumps(config, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_manifest(
    *,
    command: list[str],
    experiment: dict,
    config: dict,
    seeds: list[int],
    policies: list[str],
    points: list[dict],
    n_runs: int,
    out: Path,
    execution: dict,
) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "command": shlex.join(command),
        "rerun": shlex.join(["terafab", "batch", str(out / EXPERIMENT_COPY), "--out", "NEW_DIR"]),
        "experiment": experiment,
        "config_sha256": config_digest(config),
        "config": config,
        "seeds": seeds,
        "policies": policies,
        "parameter_points": points,
        "runs": n_runs,
        "run_id": "first 12 hex digits of SHA-256 of the JSON {seed, policy, params (sorted)}",
        "versions": versions(),
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "execution": execution,
    }


def write_manifest(out: Path, manifest: dict) -> None:
    data = json.dumps(manifest, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    write_file(out / MANIFEST, data.encode("utf-8"))


def read_manifest(out: Path) -> dict | None:
    """The folder's manifest, or None when it has none or it is damaged, oversized or foreign
    (read bounded, as a folder may come from someone else)."""
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        data = read_json_file(path, MAX_MANIFEST_BYTES, "manifest")
    except TerafabError:
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None
