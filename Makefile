# The two commands a newcomer needs: `make play` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SDL_AUDIODRIVER ?= dummy

.PHONY: play test bench soak lint screenshot clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,cluster]"
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/terafab play

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

bench: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python benchmarks/bench.py

soak: $(STAMP)
	$(BIN)/terafab fuzz --games 10000 --seed 0

screenshot: $(STAMP)
	$(BIN)/terafab play --screenshot docs/screenshot-main.png --months 48 --policy balanced --size 1280x720

lint: $(STAMP)
	$(BIN)/ruff check game agents tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
