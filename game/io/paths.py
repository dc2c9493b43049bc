"""Where the package's own data lives: scenarios, worlds, experiments and the key map (configs/),
fonts and text catalogs (assets/). Both folders sit at the repository's top level and ship inside
the package as `game.configs` and `game.assets` (pyproject.toml), so importlib.resources finds them
in a checkout (editable install) and in an installed wheel alike. TERAFAB_CONFIGS can point the
configs elsewhere."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def package_folder(package: str) -> Path:
    """The folder of a data package. pip and pipx install packages unzipped, so it is a real folder
    (fonts and YAML files are opened by path)."""
    try:
        folder = resources.files(package)
    except ModuleNotFoundError:
        raise RuntimeError(f"{package} is missing: install terafab (`pip install -e .` or "
                           "`make setup` in a checkout)") from None
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not a folder ({folder!r}): install terafab unzipped")
    return folder


CONFIGS = Path(os.environ.get("TERAFAB_CONFIGS") or package_folder("game.configs"))
SCENARIOS = CONFIGS / "scenarios"
ASSETS = package_folder("game.assets")
