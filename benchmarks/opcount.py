"""Bytecodes executed per function in one 180-month campaign (deterministic; load does not move it).
usage: python benchmarks/opcount.py [POLICY=balanced] [TOP=40]   (from the repository root)
Prints the total and the top functions by bytecodes executed in their own body."""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from game.io.scenarios import load_scenario  # noqa: E402
from game.sim.runner import run_campaign  # noqa: E402

policy = sys.argv[1] if len(sys.argv) > 1 else "balanced"
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
sc = load_scenario("terafab")
run_campaign(sc, 1, None if policy == "passive" else policy)  # warm caches
counts = collections.Counter()
calls = collections.Counter()


def tracer(frame, event, arg):
    code = frame.f_code
    key = (code.co_filename.replace(os.getcwd() + "/", ""), code.co_firstlineno, code.co_name)
    if event == "call":
        calls[key] += 1
        frame.f_trace_opcodes = True
        return tracer
    if event == "opcode":
        counts[key] += 1
    return tracer


sys.settrace(tracer)
run_campaign(sc, 1, None if policy == "passive" else policy)
sys.settrace(None)
total = sum(counts.values())
print(f"{policy}: {total:,} bytecodes, {sum(calls.values()):,} Python calls")
by_file = collections.Counter()
for (f, _, _), n in counts.items():
    by_file[f] += n
for f, n in by_file.most_common(25):
    print(f"{n / total * 100:5.1f}%  {f}")
print("---")
for (f, line, name), n in counts.most_common(top):
    print(f"{n / total * 100:5.1f}% {calls[(f, line, name)]:7d} calls  {f}:{line} {name}")
