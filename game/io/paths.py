"""Where the project's own data lives (configs/, assets/), found from the source tree."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = Path(os.environ.get("TERAFAB_CONFIGS", ROOT / "configs"))
SCENARIOS = CONFIGS / "scenarios"
ASSETS = ROOT / "assets"
