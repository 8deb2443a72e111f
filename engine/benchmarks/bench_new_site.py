"""A new researcher's first minutes: the engine's wheel, then install + init + first render.

1. the wheel: built from ``engine/`` (``pip wheel``), its size on disk;
2. install: a fresh virtual environment, ``pip install WHEEL[site]`` (the dependencies come
   from pip's cache or the package index, as they would for the researcher);
3. init: ``portfolio init`` in an empty folder;
4. first render: ``portfolio render`` of the new site (Quarto from PATH).

Each step is timed over ``--runs`` fresh environments; prints the median, range and worst
run of each. Asserts nothing.

    .venv/bin/python engine/benchmarks/bench_new_site.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds ``command`` took; a failure stops the benchmark with its output."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds


def one_run(wheel: Path, base: Path) -> dict[str, float]:
    """Install, init and render once in ``base``; the seconds of each step."""
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **{key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
    }
    python = str(venv / "bin" / "python")
    return {
        "install": timed([python, "-m", "pip", "install", "-q", f"{wheel}[site]"], base, env),
        "init": timed(["portfolio", "init", "my-site"], base, env),
        "first render": timed(["portfolio", "render"], base / "my-site", env),
    }


def summary(values: list[float]) -> str:
    return (
        f"{statistics.median(values):6.1f} s  (range {min(values):.1f}-{max(values):.1f}, "
        f"worst {max(values):.1f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("quarto") is None:
        sys.exit("put Quarto on PATH first")
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp, "dist")
        build = timed(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ENGINE)],
            ENGINE,
            dict(os.environ),
        )
        (wheel,) = dist.glob("quartofolio-*.whl")
        runs = []
        for index in range(args.runs):
            runs.append(one_run(wheel, Path(tmp, f"run-{index}")))
            print(f"run {index + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in runs[-1].items()))
        print(
            f"\nwheel {wheel.name}: {wheel.stat().st_size / 1024:.0f} KB (built in {build:.1f} s)"
        )
        print(f"{args.runs} runs, each in a fresh virtual environment:")
        for step in runs[0]:
            print(f"  {step:<13} {summary([run[step] for run in runs])}")
        totals = [sum(run.values()) for run in runs]
        print(f"  {'all three':<13} {summary(totals)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
