"""Reading scenario files: YAML with a base world and dotted-path overrides, validated on load."""

from __future__ import annotations

import copy
from pathlib import Path

from game.domain.errors import ConfigError, reason
from game.i18n import msg
from game.io.paths import CONFIGS, SCENARIOS
from game.io.untrusted import read_bounded
from game.io.yamlsafe import load_yaml
from game.sim.config import Scenario, _set_path, validate_scenario

MAX_CONFIG_BYTES = 1 << 20  # a world file is 20 kB; a scenario may come from anyone


def read_yaml(path: Path) -> object:
    """Parsed YAML (at most MAX_CONFIG_BYTES), or ConfigError naming the file and the problem."""
    data = read_bounded(path, MAX_CONFIG_BYTES, "config file", ConfigError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(msg("errors.config.not_utf8", path=path)) from None
    return load_yaml(text, str(path))


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """A scenario name ('terafab') or a path to a YAML file; ConfigError if neither exists."""
    text = str(name_or_path)
    candidate = Path(text)
    if candidate.suffix in (".yaml", ".yml") or "/" in text:
        if not candidate.is_file():
            raise ConfigError(msg("errors.file.not_found", path=candidate))
        return candidate
    named = SCENARIOS / f"{text}.yaml"
    if named.is_file():
        return named
    known = ", ".join(list_scenario_names())
    raise ConfigError(msg("errors.config.unknown_scenario", name=text, known=known))


def scenario_data(path: Path, worlds: dict[Path, object] | None = None) -> dict:
    """The scenario's data with its base world merged in and its overrides applied (unvalidated).
    `worlds` keeps base worlds already parsed (by path) when many scenarios are read at once."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(msg("errors.config.not_mapping", path=path))
    data = dict(data)
    base = data.pop("base_world", None)
    overrides = data.pop("overrides", None) or {}
    replicate = data.pop("replicate", None)
    if base is not None:
        if "world" in data:
            raise ConfigError(msg("errors.config.both_worlds", path=path))
        base_path = (CONFIGS / str(base)) if not Path(str(base)).is_absolute() else Path(str(base))
        if not base_path.is_file():
            base_path = path.parent / str(base)
        if worlds is None:
            data["world"] = read_yaml(base_path)
        else:  # the overrides below change the tree in place: each scenario gets its own copy
            if base_path not in worlds:
                worlds[base_path] = read_yaml(base_path)
            data["world"] = copy.deepcopy(worlds[base_path])
        if not isinstance(data["world"], dict):
            raise ConfigError(msg("errors.config.not_mapping", path=base_path))
    if replicate is not None:
        data["world"] = replicate_world(data.get("world"), replicate, path)
    if not isinstance(overrides, dict):
        raise ConfigError(msg("errors.config.overrides_mapping", path=path))
    for key, value in overrides.items():
        full = str(key) if str(key).split(".")[0] in data else f"world.{key}"
        try:
            _set_path(data, full, value)
        except ConfigError as exc:
            raise ConfigError(msg("errors.file.problem", path=path, problem=reason(exc))) from None
    return data


_SPLIT = {  # per list: the fields shared out among the copies, so the market keeps its size
    "foundries": ("capacity_wpm", "project_wpm"),
    "chipmakers": ("demand_share",),
    "memory_makers": ("wafers_kwpm",),
}


def replicate_world(world: object, counts: object, path: Path) -> dict:
    """Split each foundry, chipmaker and memory maker into N smaller copies with the same rules.

    `replicate: {foundries: 10, chipmakers: 10, memory_makers: 10}` gives a world with ten times
    the firms and the same total capacity and demand: for scale tests of the engine (large-world).
    Chipmaker copy j books at foundry copies j (mod N), keeping its original preferences.
    """
    if not isinstance(world, dict) or not isinstance(counts, dict):
        raise ConfigError(msg("errors.config.replicate_needs", path=path))
    world = dict(world)
    for key, n in counts.items():
        if key not in _SPLIT:
            raise ConfigError(msg("errors.config.replicate_key", path=path, key=key))
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 100:
            raise ConfigError(msg("errors.config.replicate_count", path=path, key=key))
    nf = counts.get("foundries", 1)
    copies: dict[str, list] = {}
    for key in _SPLIT:
        n = counts.get(key, 1)
        items = world.get(key)
        if not isinstance(items, list):
            raise ConfigError(msg("errors.config.replicate_list", path=path, key=key))
        out = []
        for j in range(n):
            for item in items:
                if not isinstance(item, dict):
                    raise ConfigError(msg("errors.config.replicate_items", path=path, key=key))
                clone = dict(item)
                if n > 1:
                    clone["id"] = f"{item['id']}-{j + 1}"
                    clone["name"] = f"{item['name']} {j + 1}"
                    for field in _SPLIT[key]:
                        value = clone.get(field)
                        if isinstance(value, dict):
                            clone[field] = {k: v / n for k, v in value.items()}
                        elif isinstance(value, (int, float)):
                            clone[field] = value / n
                if key == "chipmakers" and nf > 1:
                    weights = item.get("foundry_weights", {})
                    clone["foundry_weights"] = {
                        f"{site}-{j % nf + 1}": w for site, w in weights.items()
                    }
                out.append(clone)
        copies[key] = out
    world.update(copies)
    partner = world.get("intel_partner")
    if nf > 1 and isinstance(partner, dict) and isinstance(partner.get("offers"), list):
        # Intel's offers stand at the first copy of their site
        world["intel_partner"] = {**partner, "offers": [
            {**o, "site": f"{o['site']}-1"} if isinstance(o, dict) and "site" in o else o
            for o in partner["offers"]]}
    return world


def load_scenario(name_or_path: str | Path) -> Scenario:
    """The validated scenario: every bad key is reported with the file and its key path."""
    path = resolve_scenario_path(name_or_path)
    return validate_scenario(scenario_data(path), str(path))


def list_scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


def list_scenarios() -> list[Scenario]:
    """Every scenario under configs/scenarios, validated (a broken one raises ConfigError); the
    base world they share is parsed once (the title screen lists them all at start-up)."""
    worlds: dict[Path, object] = {}
    out = []
    for name in list_scenario_names():
        path = resolve_scenario_path(name)
        out.append(validate_scenario(scenario_data(path, worlds), str(path)))
    return out


def load_world_file(path: str | Path) -> object:
    """A bare world file (configs/world.yaml) as data, for `terafab validate`."""
    return read_yaml(Path(path))
