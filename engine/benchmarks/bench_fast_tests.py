"""Time the fast loop: ``pytest --fast -n 2``, every test that needs neither Quarto nor
Chromium (tests/conftest.py hides both). Each run is a fresh pytest process; the figures are
the median, range and worst run over ``--runs``. Goal: under a minute. Prints the figures;
asserts nothing.

    .venv/bin/python engine/benchmarks/bench_fast_tests.py [--runs 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
GOAL = 60.0


def run_once(workers: int) -> tuple[float, str]:
    """One run of the fast loop: its wall time and pytest's last line."""
    command = [sys.executable, "-m", "pytest", "-q", "--fast", "-n", str(workers)]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the fast loop failed:\n{done.stdout[-3000:]}")
    return seconds, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (-n)")
    args = parser.parse_args()
    times = []
    for run in range(1, args.runs + 1):
        seconds, summary = run_once(args.workers)
        times.append(seconds)
        print(f"run {run}: {seconds:.1f} s ({summary})")
    median = statistics.median(times)
    print(
        f"fast loop, {args.runs} runs: median {median:.1f} s "
        f"(range {min(times):.1f}-{max(times):.1f}, worst {max(times):.1f}); "
        f"goal under {GOAL:.0f} s: {'met' if max(times) < GOAL else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
