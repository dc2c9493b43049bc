"""This folder is the package `game.configs` (pyproject.toml maps it), so that game/io/paths.py
finds the scenarios, worlds, experiments and key map through importlib.resources, in a checkout and
in an installed wheel alike. It holds no code."""
