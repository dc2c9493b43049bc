"""`make bench` (classroom part): forty simulated students (`--students N`) play a class against
the real server, in rounds and at free pace. Prints the p50/p95 latency of a command (from the
students' side: request sent to answer read, the answer committed by then) and of a state poll,
the CPU time a request of the server and of the students' own process, and the server's memory
(resident set): after the joins, at the end of the campaign (the growth between is the seats'
own history: their months, news and series), and after 50 more requests a student once the class
has ended (the growth there is what a request leaves behind: a leak; it should stay near zero).

The students are one asyncio process beside the server, each on a keep-alive connection of its
own (tests/web/students.py LightClient: httpx cost the students more CPU a request than the
server, so the latency measured their queue). Latency is wall time: on a busy machine it grows
with the load (the load average is printed beside it); the CPU times a request are what to compare
between machines and versions."""

from __future__ import annotations

import argparse
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
from tests.web.students import (  # noqa: E402
    LightClient,
    Student,
    p95,
    play_free,
    play_rounds,
)

STUDENTS = 40
MONTHS = 24
AFTER = 50  # requests per student after the class, to see what requests leave behind


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def one_class(pace: str, students_n: int, months: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "bench.sqlite", pace=pace, months=months)
        try:
            students = [Student(f"s{i}", LightClient(server.url), random.Random(i))
                        for i in range(students_n)]
            await asyncio.gather(*(s.join() for s in students))
            joined = rss_mb(server.proc.pid)
            if pace == "free":
                async with httpx.AsyncClient(base_url=server.url, headers={
                        "x-teacher-token": server.token}) as teacher:
                    await teacher.post("/api/teacher/pace", json={"cap": months})
            polls: list[float] = []
            cpu0 = cpu_seconds(server.proc.pid)
            mine0 = time.process_time()
            calls0 = sum(s.calls for s in students)
            t0 = time.perf_counter()
            play = play_rounds if pace == "rounds" else play_free
            await asyncio.gather(*(play(s, months) for s in students))
            wall = time.perf_counter() - t0
            calls = max(1, sum(s.calls for s in students) - calls0)
            cpu_ms = 1e3 * (cpu_seconds(server.proc.pid) - cpu0) / calls
            client_ms = 1e3 * (time.process_time() - mine0) / calls
            for s in students[:10]:
                for _ in range(5):
                    t = time.perf_counter()
                    await s.state()
                    polls.append(time.perf_counter() - t)
            end = rss_mb(server.proc.pid)
            await asyncio.gather(*(after_class(s, AFTER) for s in students))
            settled = rss_mb(server.proc.pid)
            latencies = sorted(x for s in students for x in s.latencies)
            await asyncio.gather(*(s.client.aclose() for s in students))
        finally:
            server.stop()
    return {"commands": len(latencies), "p50": latencies[len(latencies) // 2] * 1e3,
            "p95": p95(latencies) * 1e3, "poll_p95": p95(polls) * 1e3, "wall": wall,
            "cpu_ms": cpu_ms, "client_ms": client_ms, "calls": calls,
            "rss_joined": joined, "rss_end": end, "rss_settled": settled}


async def after_class(student: Student, calls: int) -> None:
    """Requests once the class has ended: state polls and command previews, which change no
    seat, so memory should not grow."""
    for i in range(calls):
        if i % 2:
            await student.state()
        else:
            await student.call("POST", "/api/preview", {"command": "request_grid",
                                                        "fields": {"gw": 0.1}})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=STUDENTS, help="simulated students")
    parser.add_argument("--months", type=int, default=MONTHS, help="the campaign's months")
    args = parser.parse_args()
    print(f"Classroom: {args.students} simulated students, {args.months}-month tutorial class, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'pace':<8} {'commands':>8} {'p50 ms':>8} {'p95 ms':>8} {'poll p95':>9} "
          f"{'class s':>8} {'requests':>9} {'server CPU':>11} {'students CPU':>13} "
          f"{'RSS joined':>11} {'class +':>8} {'after +':>8}")
    for pace in ("rounds", "free"):
        r = asyncio.run(one_class(pace, args.students, args.months))
        print(f"{pace:<8} {r['commands']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['poll_p95']:>9.1f} {r['wall']:>8.1f} {r['calls']:>9,} "
              f"{r['cpu_ms']:>7.2f}ms/r {r['client_ms']:>9.2f}ms/r "
              f"{r['rss_joined']:>9.0f}MB {r['rss_end'] - r['rss_joined']:>+6.1f}MB "
              f"{r['rss_settled'] - r['rss_end']:>+6.1f}MB")
    print("p50/p95: a command's round trip as a student's client sees it (sent to answer read, "
          "the answer committed by then), waiting in the server's queue included; poll p95: a "
          "state poll's. The students are one process of light asyncio HTTP clients beside the "
          "server (one keep-alive connection each): server CPU and students CPU are each "
          "process's CPU time per request (the server's is what a quiet machine's latency is "
          "made of: requests landing together queue behind each other; on 2 cores the "
          "students' own CPU competes with it).")
    print(f"class +: memory the campaign added (the seats' history); after +: memory added by "
          f"{AFTER * args.students:,} more requests once the class ended (a leak; ~0 is flat)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
