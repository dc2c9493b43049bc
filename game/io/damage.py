"""Randomly damaged copies of honest files, for `terafab fuzz --files`: what a hand edit, a broken
disk, a half-finished copy or a hostile classmate can make of a save, a command log, a series, a
decision log, a YAML file, a Parquet table or a batch folder.

Each function takes an honest file's bytes and a `random.Random` and returns new bytes; the same
generator state always gives the same damage, so a seed names a file. The damage mixes the
format's own structure (a value, key, line, cell, row or column replaced by a hostile piece: deep
nesting, huge or non-finite numbers, lone surrogates, escape codes, wrong types, YAML aliases and
tags, a column of another type, a table that decodes to far more than its bytes) with plain byte
damage (bit flips, cuts, insertions), so both the parsers and what reads their output are tried.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import random
import re
from collections.abc import Callable

# ------------------------------------------------------------------------------------ pieces
# JSON values a hand edit or a hostile file may hold where a plain value was (raw JSON text)
JSON_VALUES: list[bytes] = [
    b"[" * 100_000 + b"]" * 100_000,                # nesting past any parser's stack
    b"[" * 40 + b"]" * 40,                          # just past the readers' depth limit
    b'{"a":' * 40 + b"0" + b"}" * 40,
    b"[" * 5000,                                    # never closed
    b"9" * 5000, b"1" + b"0" * 400, b"-" + b"9" * 40, b"123456789012345678901234567890123",
    b"1e999", b"-1e999", b"1e-999", b"9223372036854775808", b"-9223372036854775809",
    b"NaN", b"Infinity", b"-Infinity",
    b'"\\ud800"', b'"a\\udfffb"', b'"\xed\xa0\x80"', b'"\xff\xfe"',  # lone surrogates, not UTF-8
    b'"\\u001b[2J\\u001b]0;owned\\u0007"', b'"\x1b[31m"', b'"\\u202eevil"', b'"\\u0000"',
    b'"$x^$"', b'"<script>alert(1)</script>"', b'"line\\nbreak\\r"', b'"\\u2028"',
    b"{}", b"[]", b"[1]", b'["x"]', b'{"a": 1}', b'""', b'"x"', b"null", b"true", b"false",
    b"0", b"-1", b"0.5", b"1e308", b"-0.0", b"2", b"1.5",
    b'"' + b"x" * 100_000 + b'"',
    b"[" + b"0," * 30_000 + b"0]",
]
JSON_KEYS: list[bytes] = [b'"\\u001b[2J"', b'"\\ud800"', b'""', b'"' + b"k" * 10_000 + b'"',
                          b'"__proto__"', b'"unknown_key"', b'"$x^$"']

# bytes a broken copy or a hostile edit may put anywhere in a file
BYTE_PIECES: list[bytes] = [
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x1b[2J", b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf",
    b"PAR1", b"\t", b"\\", b'"', b"'", b",", b"[", b"{", b":", b"#", b"&a", b"*a", b"!!",
    b"\x80\x81\x82", b"\xe2\x80\xae",
]

# what a cell of a CSV may become: text in a number column, non-finite numbers, huge numbers...
CSV_CELLS: list[str] = [
    "", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "9" * 5000, "1" + "0" * 400,
    "abc", "0x10", "1_000", " 5 ", '"', "\x00", "\x1b[2J", "$x^$", "\u202eevil", "-0", "1e-400",
    "True", "None", "NULL", "2026-13", "\ud800", "x" * 100_000, "=cmd|'/c calc'!A1",
    "line\nbreak", "1,2", "-1", "0", "2.5", "1e308",
]

# YAML values: aliases, nesting, huge and non-finite numbers, tags that must not build objects
YAML_VALUES: list[str] = [
    "&a [x, y]", "*a", "*undefined", "[" * 100_000, "[" * 40 + "]" * 40,
    "{a: " * 40 + "0" + "}" * 40, "1" + "0" * 5000, "1" + "0" * 400, "-" + "9" * 40, "1e999",
    "-1e999", "1e-999", ".nan", ".inf", "-.inf", "0x7fffffffffffffffffff", "0o777", "1_000_000",
    "9223372036854775808", '!!python/object/apply:os.system ["echo owned"]',
    "!!python/name:os.system", "!!binary aGVsbG8=", "!!timestamp 2026-13-45", "!!set {a, b}",
    "!!omap [a: 1]", "!!float x", "!!int 1.5", "!custom x", '"\\ud800"', '"\\e[2J\\a"',
    '"\\u202eevil"', '"$x^$"', "\x1b[31m", "~", "null", "", "{}", "[]", "[1]", "yes", "no",
    "on", "0", "-1", "2", "0.5", "1e12", '"' + "x" * 100_000 + '"', "[" + "0, " * 300 + "0]",
    "|\n  two\n  lines", "{a: 1, a: 2}", "[1, [2, [3]]]", "2026-01-01", "'unclosed",
]
YAML_KEYS: list[str] = ['"\\e[2J"', "unknown_key", "1", "null", "[a, b]", "'$x^$'", "<<",
                        "k" * 10_000, "? complex"]
# a "billion laughs": nine levels of nine aliases each, 474 bytes that expand to 387 M items
BILLION_LAUGHS = "lol0: &l0 [lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
YAML_LINES: list[str] = [
    BILLION_LAUGHS, "<<: *a", "? [a, b]\n: c", "%YAML 1.1\n---", "---\nsecond: document",
    "...", "\tkey: tab", "key: value: more", "- stray item", "[unclosed", "{", "'", '"', "#",
    "anchor: &a {x: 1}\nuse: *a", "!!python/object:__main__.X {}",
]


def _flip_bits(data: bytearray, rng: random.Random, near_end: bool) -> None:
    for _ in range(rng.randint(1, 8)):
        if not data:
            return
        lo = max(0, len(data) - 256) if near_end else 0  # a Parquet file's footer is at its end
        data[rng.randrange(lo, len(data))] ^= 1 << rng.randrange(8)


def damage_bytes(data: bytes, rng: random.Random, near_end: bool = False) -> bytes:
    """Plain byte damage: bits flipped, the file cut short, a span deleted, repeated or zeroed,
    or a stray piece inserted; `near_end` aims at the last 256 bytes (a Parquet footer)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        lo = max(0, len(out) - 256) if near_end else 0
        at = rng.randint(lo, len(out))
        span = rng.choice([1, 4, 16, 200])
        op = rng.choice(["flip", "flip", "truncate", "delete", "repeat", "zero", "insert"])
        if op == "flip":
            _flip_bits(out, rng, near_end)
        elif op == "truncate":
            del out[at:]
        elif op == "delete":
            del out[at:at + span]
        elif op == "repeat":
            out[at:at] = out[at:at + span] * rng.choice([2, 50])
        elif op == "zero":
            out[at:at + span] = bytes(len(out[at:at + span]))
        else:
            piece = rng.choice(BYTE_PIECES) if rng.random() < 0.8 else rng.randbytes(
                rng.randint(1, 16))
            out[at:at] = piece
    return bytes(out)


def _changed(damage: Callable[..., bytes]) -> Callable[..., bytes]:
    """`damage` made to always change the file: a change that undid itself (a line swapped with
    itself, a cell given its own value) is followed by byte damage."""
    @functools.wraps(damage)
    def changed(data: bytes, rng: random.Random, **options: object) -> bytes:
        out = damage(data, rng, **options)
        for _ in range(10):
            if out != data:
                return out
            out = damage_bytes(data, rng)
        return data + b"\x00"

    return changed


# ------------------------------------------------------------------------------------ JSON
def _walk(tree: object, rng: random.Random) -> object:
    """A container of `tree` found by a random walk from the top: shallow ones are likelier,
    so the top-level keys of a save are hit as often as its deep scenario."""
    node = tree
    while True:
        children = list(node.values() if isinstance(node, dict) else node)
        inner = [c for c in children if isinstance(c, (dict, list)) and c]
        if not inner or rng.random() < 0.35:
            return node
        node = rng.choice(inner)


def _mutate_json(tree: object, rng: random.Random, raw: dict[str, bytes]) -> object:
    """One structural change to a parsed JSON tree (in place); hostile raw JSON goes in as a
    marker string, swapped for its bytes once the tree is written."""
    def hostile() -> str:
        marker = f"\x00hostile{len(raw)}\x00"
        raw[marker] = rng.choice(JSON_VALUES)
        return marker

    if not isinstance(tree, (dict, list)) or not tree or rng.random() < 0.03:
        return hostile()  # the whole file is one odd value
    node = _walk(tree, rng)
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    op = rng.choice(["hostile", "hostile", "hostile", "delete", "add", "rename", "repeat",
                     "transplant", "nudge"])
    if not keys:
        op = "add"
    key = rng.choice(keys) if keys else None
    if op == "hostile":
        node[key] = hostile()
    elif op == "delete":
        del node[key]
    elif op == "add":
        if isinstance(node, dict):
            name = f"\x00hostile{len(raw)}\x00"
            raw[name] = rng.choice(JSON_KEYS)
            node[name] = hostile()
        else:
            node.insert(rng.randint(0, len(node)), hostile())
    elif op == "rename" and isinstance(node, dict):
        name = f"\x00hostile{len(raw)}\x00"
        raw[name] = rng.choice(JSON_KEYS)
        node[name] = node.pop(key)
    elif op == "repeat" and isinstance(node, list):
        small = len(json.dumps(node[key])) < 200  # a long list of small items, or a few big
        node.extend([node[key]] * rng.choice([1, 100, 25_000] if small else [1, 20]))
    elif op == "transplant":
        other = _walk(tree, rng)
        values = list(other.values() if isinstance(other, dict) else other)
        if values:
            node[key] = copy.deepcopy(rng.choice(values))  # the wrong kind, from elsewhere
    else:
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            node[key] = hostile()
        else:
            node[key] = rng.choice([value + 1, value - 1, -value, value * 1000, 0])
    return tree


def _dump_json(tree: object, raw: dict[str, bytes], indent: int | None) -> bytes:
    text = json.dumps(tree, indent=indent, ensure_ascii=True, allow_nan=True).encode("ascii")
    for marker, piece in raw.items():
        text = text.replace(json.dumps(marker).encode("ascii"), piece)
    return text


@_changed
def damage_json(data: bytes, rng: random.Random, indent: int | None = 1) -> bytes:
    """A JSON file with one to three values, keys or list items changed (hostile values, wrong
    types, deleted or repeated items), sometimes with byte damage on top."""
    try:
        tree = json.loads(data)
    except (ValueError, RecursionError):  # damaged already (a line of a log, damaged twice)
        return damage_bytes(data, rng)
    if rng.random() < 0.15:
        return damage_bytes(data, rng)
    raw: dict[str, bytes] = {}
    for _ in range(rng.randint(1, 3)):
        tree = _mutate_json(tree, rng, raw)
    out = _dump_json(tree, raw, indent)
    return damage_bytes(out, rng) if rng.random() < 0.15 else out


@_changed
def damage_jsonl(data: bytes, rng: random.Random) -> bytes:
    """JSON lines with lines damaged as JSON, removed, repeated (past a line or command limit),
    swapped (months out of order), or hostile lines, comments and blank lines put in."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.choice(["value", "value", "value", "insert", "delete", "repeat", "swap",
                         "blank", "bytes"])
        if op == "value":
            lines[i] = damage_json(lines[i], rng, indent=None) if lines[i].strip() else b"{}"
        elif op == "insert":
            lines.insert(i, rng.choice(JSON_VALUES))
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines[i:i] = [lines[i]] * rng.choice([2, 50, 30_000])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "blank":
            lines.insert(i, rng.choice([b"", b"   ", b"# a comment", b"\r", b"#\x1b[2J"]))
        else:
            lines[i] = damage_bytes(lines[i], rng)
    return (b"\r\n" if rng.random() < 0.1 else b"\n").join(lines)


# ------------------------------------------------------------------------------------ CSV
@_changed
def damage_csv(data: bytes, rng: random.Random) -> bytes:
    """A CSV table with cells, headers, rows or columns changed: text or non-finite numbers in
    number columns, rows past a row limit, a header past the column limit, ragged rows."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error):
        return damage_bytes(data, rng)
    if not rows or rng.random() < 0.1:
        return damage_bytes(data, rng)
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(["cell", "cell", "cell", "cell", "header", "delete", "repeat", "ragged",
                         "add-column", "drop-column", "wide", "swap", "empty"])
        r = rng.randrange(len(rows))
        row = rows[r]
        c = rng.randrange(len(row)) if row else 0
        if op == "cell" and row:
            row[c] = rng.choice(CSV_CELLS)
        elif op == "header" and rows[0]:
            rows[0][rng.randrange(len(rows[0]))] = rng.choice(CSV_CELLS[:20] + rows[0])
        elif op == "delete" and len(rows) > 1:
            del rows[r]
        elif op == "repeat":
            rows.extend([rows[-1]] * rng.choice([1, 700]))  # past a series' 600 months
        elif op == "ragged" and row:
            rows[r] = row[:c] if rng.random() < 0.5 else row + [rng.choice(CSV_CELLS)]
        elif op == "add-column":
            for k, each in enumerate(rows):
                each.append("extra" if k == 0 else rng.choice(CSV_CELLS))
        elif op == "drop-column" and row:
            for each in rows:
                del each[c:c + 1]
        elif op == "wide":
            rows[0] = rows[0] + [f"c{k}" for k in range(1200)]  # past a table's 1,000 columns
        elif op == "swap" and row:
            d = rng.randrange(len(row))
            for each in rows:
                if len(each) > max(c, d):
                    each[c], each[d] = each[d], each[c]
        elif op == "empty":
            rows = rows[:rng.randint(0, 1)]
            if not rows:
                break
    buf = io.StringIO()
    csv.writer(buf, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
    out = buf.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate: bytes not UTF-8
    if rng.random() < 0.05:
        out = b"\xef\xbb\xbf" + out  # a byte-order mark, as a spreadsheet may add
    return damage_bytes(out, rng) if rng.random() < 0.15 else out


# ------------------------------------------------------------------------------------ YAML
_YAML_ENTRY = re.compile(r"^(\s*(?:- )?)([^\s:#'\"-][^:#\n]*):(\s*)(.*)$")


@_changed
def damage_yaml(data: bytes, rng: random.Random) -> bytes:
    """A YAML file with values or keys replaced (aliases, nesting, huge numbers, tags), hostile
    lines put in (a billion laughs, merge keys, a second document), lines removed, repeated or
    re-indented, or bytes damaged."""
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return damage_bytes(data, rng)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        entries = [k for k, line in enumerate(lines) if _YAML_ENTRY.match(line)]
        op = rng.choice(["value", "value", "value", "key", "insert", "delete", "repeat",
                         "indent", "bytes"])
        if op in ("value", "key") and entries:
            k = rng.choice(entries)
            indent, key, space, _value = _YAML_ENTRY.match(lines[k]).groups()
            if op == "value":
                lines[k] = f"{indent}{key}: {rng.choice(YAML_VALUES)}"
            else:
                lines[k] = f"{indent}{rng.choice(YAML_KEYS)}:{space}{_value}"
        elif op == "insert":
            piece = rng.choice(YAML_LINES) if rng.random() < 0.6 else (
                f"{rng.choice(YAML_KEYS)}: {rng.choice(YAML_VALUES)}")
            lines.insert(i, piece)
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines[i:i] = [lines[i]] * rng.choice([2, 3])  # a key given twice
        elif op == "indent":
            lines[i] = rng.choice(["  ", "\t", " "]) + lines[i] if rng.random() < 0.7 else (
                lines[i].lstrip())
        else:
            return damage_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), rng)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------------------------ Parquet
def _hostile_cell(arrow_type: object, rng: random.Random) -> object:
    import pyarrow as pa

    if pa.types.is_floating(arrow_type):
        return rng.choice([float("nan"), float("inf"), float("-inf"), None, 1e308, -1.0])
    if pa.types.is_integer(arrow_type):
        return rng.choice([None, -1, 0, 2**62, -(2**62)])
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return rng.choice([None, "", "\x1b[2J", "$x^$", "\u202eevil", "x" * 100_000, "nan",
                           "<script>", "1e999"])
    return None


def _retyped(column: object, rng: random.Random) -> object:
    """The column as another type: text, lists, a struct, a map, bytes, booleans, timestamps,
    dates, durations, decimals, half-precision or fractional numbers, nulls, a dictionary, or
    the same values in a wider or narrower type than the engine writes (large text, int32)."""
    import datetime
    import decimal

    import pyarrow as pa

    values = column.to_pylist()
    n = len(values)
    kind = rng.choice(["text", "junk", "list", "struct", "binary", "bool", "timestamp", "null",
                       "dictionary", "map", "date", "duration", "decimal", "half", "fraction",
                       "large", "narrow", "partly-null"])
    if kind == "text":
        return pa.array([None if v is None else str(v) for v in values], pa.string())
    if kind == "junk":
        return pa.array([rng.choice(["x", "", "\x1b[31m", "1,5"]) for _ in values], pa.string())
    if kind == "list":
        return pa.array([[1, 2] for _ in values], pa.list_(pa.int64()))
    if kind == "struct":
        return pa.array([{"a": 1, "b": "x"} for _ in values])
    if kind == "binary":
        return pa.array([b"\xff\x00" for _ in values], pa.binary())
    if kind == "bool":
        return pa.array([bool(k % 2) for k in range(n)], pa.bool_())
    if kind == "timestamp":
        return pa.array([10**18 for _ in values], pa.timestamp("ns"))
    if kind == "null":
        return pa.nulls(n)
    if kind == "map":
        return pa.array([[("k", 1)] for _ in values], pa.map_(pa.string(), pa.int64()))
    if kind == "date":
        return pa.array([datetime.date(2026, 1, 1) for _ in values], pa.date32())
    if kind == "duration":
        return pa.array([10**9 for _ in values], pa.duration("s"))
    if kind == "decimal":
        return pa.array([decimal.Decimal("1.5") for _ in values], pa.decimal128(5, 2))
    if kind == "half":
        import numpy as np

        return pa.array(np.full(n, 1.5, np.float16))
    if kind == "fraction":  # a whole-number column (a seed, a month) holding 1.5
        return pa.array([k + 0.5 for k in range(n)], pa.float64())
    if kind in ("large", "narrow"):  # the same values, in a type the engine does not write
        wider = {pa.string(): pa.large_string(), pa.int64(): pa.int32(),
                 pa.float64(): pa.float32()}.get(column.type)
        if wider is not None:
            try:
                return column.cast(wider)
            except (pa.ArrowException, ValueError):
                pass
        return pa.array([None if v is None else str(v) for v in values], pa.large_string())
    if kind == "partly-null":  # a cell or two empty, the rest as they were
        for k in rng.sample(range(n), min(n, 2)):
            values[k] = None
        try:
            return pa.array(values, column.type)
        except (pa.ArrowException, TypeError, ValueError):
            return pa.nulls(n)
    return pa.array([str(v) for v in values]).dictionary_encode()


def _mutate_table(table: object, rng: random.Random) -> object:
    import pyarrow as pa

    names = table.column_names
    i = rng.randrange(len(names)) if names else 0
    op = rng.choice(["cell", "cell", "retype", "retype", "drop", "rename", "rows", "wide",
                     "metadata", "bomb"])
    if not names or op == "bomb":  # a few KB that decode to 40 MB: millions of equal rows
        import numpy as np

        return pa.table({"zeros": pa.array(np.zeros(5_000_000, np.int64))})
    column = table.column(i)
    if op == "cell" and table.num_rows:
        values = column.to_pylist()
        values[rng.randrange(len(values))] = _hostile_cell(column.type, rng)
        try:
            return table.set_column(i, names[i], pa.array(values, column.type))
        except (pa.ArrowException, OverflowError, TypeError, ValueError):
            return table
    if op == "retype":
        return table.set_column(i, names[i], _retyped(column, rng))
    if op == "drop":
        return table.remove_column(i)
    if op == "rename":
        new = rng.choice(["\x1b[2J", "$x^$", "", "run_id", "seed", rng.choice(names)])
        return table.rename_columns([new if k == i else n for k, n in enumerate(names)])
    if op == "rows":
        if rng.random() < 0.3 or not table.num_rows:
            return table.slice(0, 0)  # the columns, no rows
        return pa.concat_tables([table] * (rng.choice([700, 5000]) // table.num_rows + 1))
    if op == "wide":  # past a table's 1,000 columns
        zeros = pa.array([0] * table.num_rows, pa.int8())
        return pa.Table.from_arrays([*table.columns, *[zeros] * 1100],
                                    [*names, *(f"c{k}" for k in range(1100))])
    meta = dict(table.schema.metadata or {})  # pandas reads its own metadata back: damage it
    pandas = meta.get(b"pandas", b"{}")
    meta[b"pandas"] = rng.choice([b"{", b"", b"null", damage_json(pandas, rng)])
    return table.replace_schema_metadata(meta)


@_changed
def damage_parquet(data: bytes, rng: random.Random) -> bytes:
    """A Parquet table rewritten with cells, types, columns, rows or its pandas metadata changed
    (with another compression, encoding and row-group size), sometimes with its bytes (often
    its footer) damaged on top."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError):
        return damage_bytes(data, rng)
    if rng.random() < 0.8:
        for _ in range(rng.randint(1, 2)):
            table = _mutate_table(table, rng)
            if table.num_rows > 100_000 or table.num_columns > 1000:
                break  # a bomb or a wide table: more damage would take the generator minutes
        buf = io.BytesIO()
        groups = rng.choice([None, 1, 7]) if table.num_rows < 1000 else None  # rows a group
        pq.write_table(table, buf, compression=rng.choice(["snappy", "none", "gzip", "zstd"]),
                       use_dictionary=rng.random() < 0.5, row_group_size=groups,
                       data_page_version=rng.choice(["1.0", "2.0"]))
        data = buf.getvalue()
    if rng.random() < 0.35:
        data = damage_bytes(data, rng, near_end=rng.random() < 0.6)
    return data


# ------------------------------------------------------------------------------------ folders
Damage = Callable[[bytes, random.Random], bytes]
BY_FORMAT: dict[str, Damage] = {".json": damage_json, ".jsonl": damage_jsonl, ".csv": damage_csv,
                                ".yaml": damage_yaml, ".parquet": damage_parquet}


def damage_folder(files: dict[str, bytes], rng: random.Random,
                  weights: dict[str, float]) -> dict[str, bytes | None]:
    """A folder's files (name -> bytes) with one or two of them, picked by `weights`, damaged
    in their own format or removed (None)."""
    out: dict[str, bytes | None] = dict(files)
    names = list(weights)
    picked = set(rng.choices(names, [weights[n] for n in names], k=rng.randint(1, 2)))
    for name in names:  # in a fixed order, so the damage does not depend on set order
        if name not in picked:
            continue
        if rng.random() < 0.08:
            out[name] = None
        else:
            out[name] = BY_FORMAT[name[name.rindex("."):]](files[name], rng)
    return out
