"""`terafab scenarios`, `terafab policies`, `terafab validate FILE`.

The engine is imported inside each command, so building the parser (`terafab --help`) stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.domain.errors import ConfigError
from game.i18n import error_text, padded, t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scenarios",
                       help=t("cli.help.scenarios"))
    p.add_argument("name", nargs="?", default=None, help=t("cli.info.name"))
    p.set_defaults(handler=scenarios)
    p = sub.add_parser("policies", help=t("cli.help.policies"))
    p.set_defaults(handler=policies)
    p = sub.add_parser("validate", help=t("cli.help.validate"))
    p.add_argument("file")
    p.set_defaults(handler=validate)


def scenarios(args: argparse.Namespace) -> int:
    from game.i18n.scenarios import shown
    from game.io.scenarios import list_scenario_names, load_scenario
    from game.teach.cards import card_text

    if args.name:
        print(card_text(load_scenario(args.name)))
        return 0
    for name in list_scenario_names():
        s = shown(load_scenario(name))
        print(f"{name:<22} {padded(t(f'difficulty.{s.difficulty}').lower(), 9)} {s.goal}")
    return 0


def policies(args: argparse.Namespace) -> int:
    from game.agents.policies import DESCRIPTIONS
    from game.i18n import DEFAULT, language, t

    for name, text in DESCRIPTIONS.items():
        # English is the policy's own docstring, so it cannot fall behind the code
        print(f"{name:<12} {text if language() == DEFAULT else t(f'policy_about.{name}')}")
    return 0


def validate(args: argparse.Namespace) -> int:
    from game.io.scenarios import read_yaml, scenario_data
    from game.io.untrusted import display_text
    from game.sim.config import validate_scenario

    path = Path(args.file)
    data = read_yaml(path)
    if isinstance(data, dict) and "calendar" in data and "name" not in data:
        # a bare world file: check it as the world of a stand-in scenario
        stub = {
            "name": "check",
            "title": "check",
            "goal": "check",
            "difficulty": "normal",
            "world": data,
        }
        try:
            validate_scenario(stub, str(path))
        except ConfigError as exc:  # in the language: the key path without the stand-in's head
            raise ConfigError(error_text(exc).replace(": world.", ": ")
                              .replace("：world.", "：")) from None
        print(t("check_ok.world", path=display_text(path)))
        return 0
    validate_scenario(scenario_data(path), str(path))
    print(t("check_ok.scenario", path=display_text(path)))
    return 0
