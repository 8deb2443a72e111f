"""Page weight and Lighthouse scores of the rendered site, served with gzip on 127.0.0.1.

Per page: bytes of everything it loads (raw and gzipped) and its request count
(``portfolio.verify.pageweight``), then Lighthouse 12 (npm devDependency, driving Debian's
Chromium; ``portfolio.verify.lighthouse``) with the mobile preset (default) and
``--preset=desktop``: the four category scores and FCP / LCP / TBT / CLS, as a markdown
table with the goals in its first rows.
No request leaves the machine: Chromium resolves no host but 127.0.0.1 and Lighthouse
blocks https URLs. Asserts nothing (scores depend on the machine, so they are not tests).

    .venv/bin/python benchmarks/bench_site.py [--site _site] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from portfolio.verify import browser
from portfolio.verify.lighthouse import CHROME_FLAGS, LIGHTHOUSE, audited_pages, node_env
from portfolio.verify.pageweight import PageWeight, weigh_pages
from portfolio.verify.renders import project_copy, quarto_render

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}
PRESETS = ("mobile", "desktop")
GOALS = {
    "desktop": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
    "mobile": {"performance": 90},
}
HOME_BUDGET_KB = 600
PLAIN_BUDGET_KB = 200


def lighthouse(url: str, preset: str) -> dict[str, float]:
    """Category scores (0-100) and metrics (ms; CLS unitless) of one Lighthouse run."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--blocked-url-patterns=https://*",
        "--disable-full-page-screenshot",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, env=node_env(), check=False)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    values = {name: report["categories"][name]["score"] * 100 for name in CATEGORIES}
    for short, audit in METRICS.items():
        values[short] = report["audits"][audit]["numericValue"]
    return values


def median_run(url: str, preset: str, runs: int) -> dict[str, float]:
    """The median of each value over ``runs`` Lighthouse runs."""
    results = [lighthouse(url, preset) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def weight_budget_kb(weight: PageWeight) -> int | None:
    """The page's gzipped budget: home 600 KB, a page without charts 200 KB, else none."""
    if weight.path == "index.html":
        return HOME_BUDGET_KB
    return None if weight.charts else PLAIN_BUDGET_KB


def _mark(ok: bool) -> str:
    return "" if ok else " !"


def table_rows(weight: PageWeight, results: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows of one page: weight (first row) and one row per preset."""
    budget = weight_budget_kb(weight)
    gzip_kb = weight.gzip_bytes / 1000
    weight_cells = (
        f"{weight.raw_bytes / 1000:.0f} | {gzip_kb:.0f}{_mark(budget is None or gzip_kb <= budget)}"
        f" | {len(weight.requests)} | {weight.charts}"
    )
    rows = []
    for preset, values in results.items():
        goals = GOALS[preset]
        scores = " | ".join(
            f"{values[name]:.0f}{_mark(values[name] >= goals.get(name, 0))}" for name in CATEGORIES
        )
        metrics = (
            f"{values['FCP'] / 1000:.2f} | {values['LCP'] / 1000:.2f} | {values['TBT']:.0f} "
            f"| {values['CLS']:.3f}"
        )
        page = weight.path if not rows else ""
        cells = weight_cells if not rows else " | | |"
        rows.append(f"| {page} | {cells} | {preset} | {scores} | {metrics} |")
    return rows


HEADER = [
    "| page | raw KB | gzip KB | requests | charts | preset | perf | a11y | best pr. | SEO "
    "| FCP s | LCP s | TBT ms | CLS |",
    "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    f"| goal | | home <= {HOME_BUDGET_KB}, no chart <= {PLAIN_BUDGET_KB} | | | desktop "
    "| >= 98 | 100 | 100 | 100 | | | | |",
    "| goal | | | | | mobile | >= 90 | | | | | | | |",
]


def report(site: Path, runs: int) -> None:
    """Weigh and score every benchmarked page of ``site``; print a markdown table."""
    weights = weigh_pages(site, audited_pages(site))
    print("\n".join(HEADER), flush=True)
    with browser.serve_directory(site, compress=True) as base:
        for weight in weights:
            url = f"{base}/{weight.path}"
            results = {preset: median_run(url, preset, runs) for preset in PRESETS}
            print("\n".join(table_rows(weight, results)), flush=True)
    print("(! = goal not met)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a rendered site folder (default: render)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page, median")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} missing: run npm ci")
    if args.site:
        report(args.site, args.runs)
        return
    if shutil.which("quarto") is None:
        raise SystemExit("needs quarto on PATH to render (or pass --site DIR)")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as work:
        project = project_copy(Path(work) / "project")
        result = quarto_render(project)
        if result.returncode != 0:
            raise SystemExit(f"quarto render failed:\n{result.stderr[-3000:]}")
        report(project / "_site", args.runs)


if __name__ == "__main__":
    main()
