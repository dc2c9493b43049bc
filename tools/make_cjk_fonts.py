"""Build the shipped CJK fonts: Noto Sans CJK SC and TC (SIL Open Font Licence 1.1) cut down with
fontTools' subsetter to the characters the game writes: every catalog (assets/i18n), the rule
sources and scenarios, and both source articles (whose titles the "why" dialog quotes, and whose
text gives a broad set of common characters for names typed by players).

    python tools/make_cjk_fonts.py [NotoSansCJK-Regular.ttc] [assets/fonts]

The .ttc comes from Debian's fonts-noto-cjk (`make fonts` installs it when missing). Run it again
whenever a catalog gains characters: tests/test_i18n_fonts.py fails on any character the shipped
fonts lack.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACES = {"Noto Sans CJK SC": "NotoSansSC-Subset.otf", "Noto Sans CJK TC": "NotoSansTC-Subset.otf"}
SOURCES = ["assets/i18n/*.yaml", "configs/scenarios/*.yaml", "game/domain/rules.py",
           "game/teach/*.py", "README.zh-*.md", "docs/*.zh-*.md"]
# shared/articles beside the checkout (or one level up, from a worktree)
ARTICLES = next((p / "shared" / "articles" for p in ROOT.parents
                 if (p / "shared" / "articles").is_dir()), ROOT / "shared" / "articles")


def characters() -> str:
    """Every character the game may draw in Chinese, plus ASCII and the usual punctuation."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= set("·…—–“”‘’、。,:;!?()「」『』《》〈〉【】~%+-×→←↑↓−")
    paths = [p for pattern in SOURCES for p in ROOT.glob(pattern)]
    if ARTICLES.is_dir():
        paths += sorted(ARTICLES.glob("*.md"))
    for path in paths:
        chars |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def build(ttc: str, out_dir: Path) -> list[Path]:
    text = characters()
    fonts = TTCollection(ttc).fonts
    written = []
    for font in fonts:
        name = font["name"].getDebugName(4)
        if name not in FACES:
            continue
        options = subset.Options()
        options.layout_features = ["*"]  # vertical forms and locl shapes stay with the glyphs
        options.name_IDs = ["*"]
        options.name_legacy = True
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["DSIG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        path = out_dir / FACES[name]
        font.recalcTimestamp = False  # the same characters give the same file (no churn in git)
        font.save(path)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    ttc = argv[1] if len(argv) > 1 else TTC
    out = Path(argv[2]) if len(argv) > 2 else ROOT / "assets" / "fonts"
    for path in build(ttc, out):
        print(f"{path}: {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
