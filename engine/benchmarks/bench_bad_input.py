"""Time `portfolio check` on bad data: a YAML alias bomb ("billion laughs") in each file.

Goal: each refused in well under a second (the check must not expand the aliases). Prints
the figures; asserts nothing (timings belong in benchmarks, not tests).

    .venv/bin/python engine/benchmarks/bench_bad_input.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from portfolio.data.load import FILES, read_portfolio

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def main() -> None:
    for filename in FILES.values():
        with tempfile.TemporaryDirectory() as folder:
            data = Path(shutil.copytree(ROOT / "data", Path(folder) / "data"))
            (data / filename).write_text(BOMB, encoding="utf-8")
            start = time.perf_counter()
            _, problems = read_portfolio(data, as_of="2026-11-24")
            elapsed = (time.perf_counter() - start) * 1000
            print(f"{filename:18} {elapsed:7.1f} ms  {problems[0]}")


if __name__ == "__main__":
    main()
