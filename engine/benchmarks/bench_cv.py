"""Time to build the CV: load the data, typeset ``cv.pdf`` with Typst and write it.

Goal: under 1 s (median) for ``portfolio cv`` in a fresh process, imports included; the
same build in a warm interpreter is printed beside it. Prints the figures; asserts nothing
(timings belong in benchmarks, not tests).

    .venv/bin/python engine/benchmarks/bench_cv.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portfolio.build.cv import write_cv
from portfolio.data.load import load_portfolio

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside


def cold_run(out_dir: Path) -> float:
    """Milliseconds for ``portfolio cv`` in a new interpreter."""
    command = [sys.executable, "-m", "portfolio.authoring.cli", "cv", "--data", str(ROOT / "data")]
    start = time.perf_counter()
    subprocess.run([*command, "--out", str(out_dir)], capture_output=True, check=True)
    return (time.perf_counter() - start) * 1000


def warm_run(out_dir: Path) -> float:
    """Milliseconds to load the data and write the CV, modules already imported."""
    start = time.perf_counter()
    write_cv(load_portfolio(ROOT / "data"), out_dir)
    return (time.perf_counter() - start) * 1000


def summary(label: str, runs: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(runs):.0f} ms, min {min(runs):.0f} ms, "
        f"max {max(runs):.0f} ms over {len(runs)} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        out_dir = Path(folder)
        cold = [cold_run(out_dir) for _ in range(runs)]
        warm = [warm_run(out_dir) for _ in range(runs)]
        size = (out_dir / "cv.pdf").stat().st_size
    print(summary("portfolio cv, fresh process", cold) + " (goal < 1000 ms)")
    print(summary("load + typeset + write, warm", warm) + f"; cv.pdf {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
