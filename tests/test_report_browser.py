"""The debrief report in a real browser (Debian's headless Chromium) at 1280×720, as projected:
every chart image loads and nothing is wider than the screen. `.ci/run` installs Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from game.cli import main

WIDTH, HEIGHT = 1280, 720
CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
  var vw = window.innerWidth;
  var wide = Array.prototype.slice.call(document.body.querySelectorAll('*')).filter(function (e) {
    var r = e.getBoundingClientRect(); return r.right > vw + 0.5 || r.left < -0.5; });
  var pre = document.createElement('pre'); pre.id = 'check';
  pre.textContent = JSON.stringify({images: imgs.length, broken: broken, viewport: vw,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5).map(function (e) { return e.tagName; }), wideCount: wide.length});
  document.body.appendChild(pre);
});
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed: `apt-get install -y chromium` (.ci/run does this)")


def browser_check(page_path, tmp_path) -> dict:
    """Load a copy of the page with the check script in headless Chromium; read its verdict."""
    probe = tmp_path / f"probe-{page_path.stem}.html"
    probe.write_text(page_path.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"),
                     encoding="utf-8")
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={WIDTH},{HEIGHT}", "--virtual-time-budget=10000",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    match = re.search(r'<pre id="check">(.*?)</pre>', done.stdout, re.S)
    assert match, f"no check result from Chromium: {done.stderr[-500:]}"
    return json.loads(html.unescape(match.group(1)))


def assert_projectable(result: dict, min_images: int) -> None:
    assert result["viewport"] == WIDTH
    assert result["images"] >= min_images and result["broken"] == 0, result
    assert result["scrollWidth"] <= WIDTH, result
    assert result["wideCount"] == 0, result


def test_run_report_renders_at_1280x720(tmp_path):
    save = tmp_path / "game.json"
    assert main(["run", "--scenario", "bottleneck-migration", "--seed", "1", "--months", "24",
                 "--out", str(tmp_path / "run.csv"), "--save", str(save)]) == 0
    page = tmp_path / "report.html"
    assert main(["report", str(save), "--out", str(page)]) == 0
    assert_projectable(browser_check(page, tmp_path), 6)


def test_batch_report_renders_at_1280x720(tmp_path):
    folder = tmp_path / "sweep"
    assert main(["batch", "--scenario", "memory-cycle", "--seeds", "2", "--months", "24",
                 "--policy", "passive", "balanced", "--sweep", "world.memory.build_months=10,19",
                 "--series", "--engine", "serial", "--quiet", "--out", str(folder)]) == 0
    page = tmp_path / "batch.html"
    assert main(["report", str(folder), "--out", str(page)]) == 0
    assert_projectable(browser_check(page, tmp_path), 6)
