# The two commands a newcomer needs: `make play` and `make test`. Each sets up .venv first.
# The engine is pure Python, so the interpreter's own build matters: Debian's CPython (/usr/bin)
# runs a campaign about 14 % faster here than a plain source build (such as pyenv's) on PATH.
# Use it when it is 3.11+ and can make a venv; otherwise the first python3 on PATH.
PYTHON ?= $(firstword $(foreach p,/usr/bin/python3 python3,$(shell $(p) -c \
  'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $(p))) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test bench soak fuzz-files lint screenshot clean setup browser readout facts ablations \
	balance map classroom fonts

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,cluster]"
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/terafab play

# The browser tests (the report; the classroom through Selenium) run Debian's headless Chromium and
# its chromium-driver: installed here when missing.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -q chromium chromium-driver; }

# the suite on every core (pytest-xdist): about half the time on CI's two
test: $(STAMP) browser
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest -n auto

bench: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/classroom.py

# A demo class in the browser: the tutorial world, four seats played by the built-in policies;
# students open the printed address, the teacher the printed link (docs/teaching.md)
classroom: $(STAMP)
	$(BIN)/terafab classroom serve --scenario tutorial --seed 1 --db classroom-demo.sqlite \
	  --robots 4

# the limiting factor against counterfactual reliefs, at full size (tests/test_readout.py: CI size)
readout: $(STAMP)
	$(BIN)/python benchmarks/readout.py

# the stylised facts over 20 seeds, and the score's balance over 300 strategies (tests: CI size)
facts: $(STAMP)
	$(BIN)/terafab facts --seeds 20

# every rule switched off in turn, over 5 seeds (docs/ablations.md keeps the table)
ablations: $(STAMP)
	$(BIN)/terafab ablate --seeds 5

balance: $(STAMP)
	$(BIN)/terafab balance --seeds 5 --search 300

soak: $(STAMP)
	$(BIN)/terafab fuzz --games 10000 --seed 0

# 200 damaged files of each kind (2,200 in all) fed to every reader; failing files kept in .
fuzz-files: $(STAMP)
	$(BIN)/terafab fuzz --files 200 --seed 0

screenshot: $(STAMP)
	$(BIN)/terafab play --screenshot docs/screenshot-main.png --months 48 --policy balanced --size 1280x720

# The shipped CJK fonts (assets/fonts/NotoSans{SC,TC}-Subset.otf): Debian's Noto Sans CJK cut to the
# characters the catalogs, rules, scenarios and articles use. Run after a catalog gains characters
# (tests/test_i18n_fonts.py names any it lacks).
NOTO_CJK := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
fonts: $(STAMP)
	@[ -f $(NOTO_CJK) ] || { SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q fonts-noto-cjk; }
	$(BIN)/python tools/make_cjk_fonts.py $(NOTO_CJK) assets/fonts

NE ?= ../shared/data/natural-earth
map: $(STAMP)  # the map's coastlines from Natural Earth (assets/map/README.md)
	$(BIN)/python tools/make_map.py $(NE) assets/map/land.json

lint: $(STAMP)
	$(BIN)/ruff check game tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
