"""`make bench` (classroom part): forty simulated students play a class against the real server,
in rounds and at free pace. Prints the p50/p95 latency of a command (from the students' side:
request sent to answer read, the answer on disk by then) and of a state poll, the server's CPU
time per request (what a quiet machine's latency is made of), and the server's memory (resident
set) after the joins and at the end, so a leak shows as growth.

Latency is wall time and includes the students' own process; on a busy machine it grows with
the load (the load average is printed beside it)."""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.conftest import start_server  # noqa: E402
from tests.web.students import Student, p95, play_free, play_rounds  # noqa: E402

STUDENTS = 40
MONTHS = 24


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def one_class(pace: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "bench.sqlite", pace=pace, months=MONTHS)
        try:
            students = [Student(f"s{i}", httpx.AsyncClient(base_url=server.url, timeout=120),
                                random.Random(i)) for i in range(STUDENTS)]
            await asyncio.gather(*(s.join() for s in students))
            joined = rss_mb(server.proc.pid)
            if pace == "free":
                async with httpx.AsyncClient(base_url=server.url, headers={
                        "x-teacher-token": server.token}) as teacher:
                    await teacher.post("/api/teacher/pace", json={"cap": MONTHS})
            polls: list[float] = []
            cpu0 = cpu_seconds(server.proc.pid)
            calls0 = sum(s.calls for s in students)
            t0 = time.perf_counter()
            play = play_rounds if pace == "rounds" else play_free
            await asyncio.gather(*(play(s, MONTHS) for s in students))
            wall = time.perf_counter() - t0
            cpu_ms = 1e3 * (cpu_seconds(server.proc.pid) - cpu0) / max(
                1, sum(s.calls for s in students) - calls0)
            for s in students[:10]:
                for _ in range(5):
                    t = time.perf_counter()
                    await s.state()
                    polls.append(time.perf_counter() - t)
            end = rss_mb(server.proc.pid)
            latencies = sorted(x for s in students for x in s.latencies)
            await asyncio.gather(*(s.client.aclose() for s in students))
        finally:
            server.stop()
    return {"commands": len(latencies), "p50": latencies[len(latencies) // 2] * 1e3,
            "p95": p95(latencies) * 1e3, "poll_p95": p95(polls) * 1e3, "wall": wall,
            "cpu_ms": cpu_ms,
            "rss_joined": joined, "rss_end": end}


def main() -> int:
    print(f"Classroom: {STUDENTS} simulated students, {MONTHS}-month tutorial class, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'pace':<8} {'commands':>8} {'p50 ms':>8} {'p95 ms':>8} {'poll p95':>9} "
          f"{'class s':>8} {'CPU/request':>12} {'RSS joined':>11} {'RSS end':>8}")
    for pace in ("rounds", "free"):
        r = asyncio.run(one_class(pace))
        print(f"{pace:<8} {r['commands']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['poll_p95']:>9.1f} {r['wall']:>8.1f} {r['cpu_ms']:>10.2f}ms "
              f"{r['rss_joined']:>9.0f}MB "
              f"{r['rss_end']:>6.0f}MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
