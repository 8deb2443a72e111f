"""Time to build every figure once the package is imported, and the size of what ships.

Goal: all five figures in under 1 s (after import and data loading). Prints each
figure's JSON size (budget 50 KB) and the plotly.js bundle, raw and gzipped (budget
500 KB gzipped). Asserts nothing: timings belong in benchmarks, not tests.

    .venv/bin/python engine/benchmarks/bench_figures.py [--runs 7]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from datetime import date
from pathlib import Path

from portfolio.build.assets import TARGET, VENDOR
from portfolio.charts import figures
from portfolio.data import tables
from portfolio.data.load import load_portfolio

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
AS_OF = date(2026, 11, 24)


def build_all(portfolio) -> dict:
    """Frames and the five figures, as a page would build them."""
    roles = tables.roles_frame(portfolio, AS_OF)
    return {
        "career_timeline": figures.career_timeline(roles, AS_OF),
        "patents_timeline": figures.patents_timeline(tables.patents_frame(portfolio), AS_OF),
        "publications_chart": figures.publications_chart(
            tables.papers_frame(portfolio), tables.under_review_frame(portfolio)
        ),
        "press_chart": figures.press_chart(tables.press_frame(portfolio)),
        "career_at_a_glance": figures.career_at_a_glance(
            roles, tables.events_frame(portfolio), AS_OF
        ),
    }


def timed(portfolio) -> float:
    """Milliseconds to build all figures and serialise them to JSON."""
    start = time.perf_counter()
    for fig in build_all(portfolio).values():
        fig.to_json()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    first = timed(portfolio)
    rest = [timed(portfolio) for _ in range(runs)]
    print(
        f"build + to_json, all 5 figures: first {first:.0f} ms, then median "
        f"{statistics.median(rest):.0f} ms, max {max(rest):.0f} ms over {runs} runs"
        " (goal < 1000 ms)"
    )
    for name, fig in build_all(portfolio).items():
        print(f"  {name:<20} {len(fig.to_json()) / 1000:6.1f} KB JSON (budget 50 KB)")
    bundle = VENDOR / TARGET.name
    if bundle.is_file():
        raw = bundle.read_bytes()
        print(
            f"plotly.js basic bundle: {len(raw) / 1000:.0f} KB raw, "
            f"{len(gzip.compress(raw, 9)) / 1000:.0f} KB gzipped (budget 500 KB gzipped)"
        )
    else:
        print(f"plotly.js bundle not found at {bundle}: run `npm ci` in engine/, reinstall")


if __name__ == "__main__":
    main()
