"""The scan behind "no user-facing text outside the catalogs": every string constant in a set of
source files that reads like words (two letters in a row) and is not a message id, a docstring,
a regular expression or an entry of the caller's allowlist. Each face's test (the window, the
command line, the readers, the pages) calls it over its own files with its own allowlist, whose
entries say why they are not text to translate."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# an id, a name, a format spec, a file pattern: lowercase words joined by . _ - : / and braces
ID_LIKE = re.compile(r"^[a-z0-9_\-:./%{}+*,=]*$")


def docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
    return out


def raised(tree: ast.AST) -> set[int]:
    """Strings inside `raise` statements."""
    return {id(n) for node in ast.walk(tree) if isinstance(node, ast.Raise)
            for n in ast.walk(node)}


def regexes(tree: ast.AST) -> set[int]:
    return {id(node.args[0]) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "compile"
            and node.args}


def literals(files: Iterable[Path], allowed: set[str], *, skip_raised: bool = False,
             only_raised: bool = False, root: Path = ROOT) -> list[str]:
    """`path:line: 'text'` for each string constant in `files` that a user could read and that
    no catalog holds. `skip_raised` leaves out the strings of `raise` statements (for a face
    whose errors another test covers); `only_raised` looks at those alone (for the errors of a
    package whose other texts another test covers)."""
    found = []
    for path in sorted(files):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree) | regexes(tree) | (raised(tree) if skip_raised else set())
        keep = raised(tree) if only_raised else None
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if (keep is not None and id(node) not in keep) or id(node) in skip or \
                    text in allowed or ID_LIKE.match(text) or not re.search(r"[A-Za-z]{2}", text):
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: {text!r}")
    return found
