"""System fonts found through fontconfig (`fc-match`), so a CJK font installed under any name
(Noto Sans CJK, WenQuanYi, DroidSansFallbackFull, ...) draws the Chinese article titles.

`fc-match` is asked for the best sans font for a language and says which languages the font it
picked covers; a font that does not cover the language (fontconfig's last resort) is not used.
No fontconfig, or an answer that is not a readable file, means None: the caller falls back to the
fonts it knows by path, and then to the shipped font.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

FC_TIMEOUT_S = 3.0


@lru_cache(maxsize=8)
def font_for_language(lang: str = "zh-cn", family: str = "sans") -> str | None:
    """The file of the font fontconfig picks for `family` in `lang`, if it covers `lang`."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{lang}\n", f"{family}:lang={lang}"],
            capture_output=True, text=True, timeout=FC_TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 2:
        return None
    path, langs = lines[0].strip(), lines[1].split("|")
    if lang not in langs or not Path(path).is_file():
        return None
    return path
