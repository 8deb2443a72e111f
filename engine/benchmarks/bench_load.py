"""Time to import the loader and load + validate all data, in a fresh interpreter.

Goal: under 300 ms after interpreter start-up, import included. Prints the figures;
asserts nothing (timings belong in benchmarks, not tests).

    .venv/bin/python engine/benchmarks/bench_load.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
PROBE = """
import time
start = time.perf_counter()
from portfolio.data.load import load_portfolio
load_portfolio({data!r})
print((time.perf_counter() - start) * 1000)
"""


def one_run() -> float:
    """Milliseconds from before the import to the validated portfolio, in a new process."""
    code = PROBE.format(data=str(ROOT / "data"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = [one_run() for _ in range(parser.parse_args().runs)]
    print(
        f"import + load + validate data/: median {statistics.median(runs):.0f} ms, "
        f"min {min(runs):.0f} ms, max {max(runs):.0f} ms over {len(runs)} runs (goal < 300 ms)"
    )


if __name__ == "__main__":
    main()
