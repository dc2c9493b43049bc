"""This folder is the package `game.assets` (pyproject.toml maps it), so that game/io/paths.py
finds the fonts and text catalogs through importlib.resources, in a checkout and in an installed
wheel alike. It holds no code."""
