"""Build assets/map/land.json: the map's coastlines and borders from Natural Earth, clipped to the
game's three map windows and simplified (run once; the output is committed).

    python tools/make_map.py /path/to/natural-earth [assets/map/land.json]

Input: Natural Earth 1:110m `ne_110m_land.geojson` and `ne_110m_admin_0_boundary_lines_land.geojson`
(public domain, https://www.naturalearthdata.com/). Output: for each window, its longitude and
latitude box, land rings and border lines in degrees (2 decimals), so the game only scales them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# the map's windows, west to east on the globe: Europe, East Asia, then across the Pacific to North
# America (lon_min, lon_max, lat_min, lat_max); the game draws them side by side
WINDOWS = {
    "europe": (-1.0, 12.0, 10.0, 62.0),
    "asia": (110.0, 146.0, 10.0, 62.0),
    "america": (-125.0, -74.0, 10.0, 62.0),
}
TOLERANCE_DEG = 0.04  # Douglas-Peucker: points closer than this to the simplified line go


def clip_ring(ring: list, box: tuple) -> list:
    """Sutherland-Hodgman: the polygon ring cut to the box (a rectangle)."""
    x0, x1, y0, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    )
    out = ring
    for inside, cut in edges:
        pts, out = out, []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
        if not out:
            return []
    return out


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def clip_line(line: list, box: tuple) -> list[list]:
    """A polyline cut to the box: the runs of points inside it (segments crossing the edge are
    kept whole; the game clips the drawing to the window anyway)."""
    x0, x1, y0, y1 = box
    runs, run = [], []
    for p in line:
        if x0 <= p[0] <= x1 and y0 <= p[1] <= y1:
            run.append(p)
        elif run:
            runs.append(run + [p])
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= 2]


def simplify(points: list, tol: float) -> list:
    """Douglas-Peucker."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    dx, dy = bx - ax, by - ay
    norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
    far, far_i = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = abs(dy * (px - ax) - dx * (py - ay)) / norm
        if d > far:
            far, far_i = d, i
    if far <= tol:
        return [points[0], points[-1]]
    return simplify(points[: far_i + 1], tol)[:-1] + simplify(points[far_i:], tol)


def rounded(points: list) -> list:
    out = []
    for x, y in points:
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def build(ne_dir: Path) -> dict:
    land = json.loads((ne_dir / "ne_110m_land.geojson").read_text())
    borders = json.loads((ne_dir / "ne_110m_admin_0_boundary_lines_land.geojson").read_text())
    out = {
        "source": "Natural Earth 1:110m land and admin-0 boundary lines (public domain), "
        "https://www.naturalearthdata.com/; clipped and simplified by tools/make_map.py",
        "windows": {},
    }
    for name, box in WINDOWS.items():
        rings = []
        for feature in land["features"]:
            for ring in feature["geometry"]["coordinates"][:1]:  # outer ring (110m: no holes)
                cut = clip_ring([tuple(p) for p in ring[:-1]], box)
                if len(cut) >= 3:
                    # a closed ring simplified as two open halves (its ends would coincide)
                    half = len(cut) // 2
                    closed = cut + [cut[0]]
                    kept = rounded(
                        simplify(closed[: half + 1], TOLERANCE_DEG)[:-1]
                        + simplify(closed[half:], TOLERANCE_DEG)
                    )
                    if len(kept) >= 4:
                        rings.append(kept[:-1])
        lines = []
        for feature in borders["features"]:
            geom = feature["geometry"]
            parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
            for part in parts:
                for run in clip_line([tuple(p) for p in part], box):
                    kept = rounded(simplify(run, TOLERANCE_DEG))
                    if len(kept) >= 2:
                        lines.append(kept)
        out["windows"][name] = {"box": list(box), "land": rings, "borders": lines}
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tools/make_map.py NATURAL_EARTH_DIR [OUT.json]", file=sys.stderr)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent.parent / "assets/map/land.json"
    data = build(Path(argv[0]))
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
