"""How the site's cost grows with the data: 4, 40 and 400 synthetic papers.

For each size, a fresh copy of the project gets synthetic papers with patents and press in
proportion (``portfolio.verify.synthetic``: 400 papers, 50 patents, 100 press items; the
copy's paper pages are removed, as "Make it yours" says) and is measured:

- load + check: ``portfolio check`` of the copy's data, in this process (median of ``--runs``);
- pages' code: the home and research fragments and the home chart's figure (median);
- render: ``quarto render`` of the copy with an empty ``_freeze/`` (median of ``--renders``);
- page sizes: the HTML bytes of the home and research pages (raw and gzipped);
- home page height at 390 and 1280 px in Chromium (``/usr/bin/chromium``, Playwright).

Goals: every cost grows no faster than the data (at most 100x from 4 to 400 papers), and
with 400 papers the home page at 390 px is at most one phone screen (844 px) taller than
with 4. Prints a table and the verdicts; asserts nothing. Needs Quarto on PATH.

    .venv/bin/python engine/benchmarks/bench_scale.py [--sizes 4 40 400] [--runs 5] [--renders 1]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from portfolio.authoring.cli import main as portfolio_main
from portfolio.charts import figures
from portfolio.data import tables
from portfolio.data.load import load_portfolio
from portfolio.pages import fragments
from portfolio.verify.browser import launch_chromium, serve_directory
from portfolio.verify.renders import project_copy, quarto_render
from portfolio.verify.synthetic import write_synthetic

AS_OF = date(2026, 11, 24)
PHONE_SCREEN = 844  # px: one screen of a 390 x 844 phone
WIDTHS = (390, 1280)
PAGES = ("index.html", "research/index.html")


@dataclass
class Row:
    """What one size of data costs."""

    papers: int
    counts: dict[str, int]
    check: list[float] = field(default_factory=list)
    code: list[float] = field(default_factory=list)
    render: list[float] = field(default_factory=list)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    heights: dict[int, int] = field(default_factory=dict)


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Seconds of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def check(data: Path) -> None:
    """``portfolio check`` of ``data``, its output discarded; fails loudly on bad data."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = portfolio_main(["check", "--data", str(data), "--as-of", AS_OF.isoformat()])
    if code:
        raise SystemExit(f"the synthetic data in {data} does not pass the check")


def pages_code(data: Path) -> None:
    """What the home and research pages compute from the data (no Quarto)."""
    portfolio = load_portfolio(data, as_of=AS_OF)
    papers = tables.papers_frame(portfolio)
    fragments.home_papers(papers, {})
    fragments.paper_groups(papers, tables.under_review_frame(portfolio))
    roles = tables.roles_frame(portfolio, AS_OF)
    figures.career_at_a_glance(roles, tables.events_frame(portfolio), AS_OF).to_json()


def render(project: Path) -> None:
    """A full render: every page executes (no frozen results)."""
    shutil.rmtree(project / "_freeze", ignore_errors=True)
    result = quarto_render(project)
    if result.returncode:
        raise SystemExit(f"quarto render failed in {project}:\n{result.stderr[-3000:]}")


def heights(site: Path) -> dict[int, int]:
    """The home page's height in px at each width, charts drawn."""
    found = {}
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": PHONE_SCREEN})
            page.goto(f"{base}/index.html", wait_until="load")
            found[width] = page.evaluate("document.documentElement.scrollHeight")
            page.close()
        browser.close()
    return found


def measure(work: Path, papers: int, runs: int, renders: int) -> Row:
    """A project copy with ``papers`` synthetic papers, measured."""
    project = project_copy(work / f"papers-{papers}")
    for folder in (project / "research").glob("*/"):
        shutil.rmtree(folder)  # pages of papers the synthetic data does not hold
    row = Row(papers, write_synthetic(project / "data", papers))
    data = project / "data"
    row.check = timed(lambda: check(data), runs)
    row.code = timed(lambda: pages_code(data), runs)
    row.render = timed(lambda: render(project), renders)
    site = project / "_site"
    for page in PAGES:
        raw = (site / page).read_bytes()
        row.sizes[page] = (len(raw), len(gzip.compress(raw)))
    row.heights = heights(site)
    return row


def spread(values: list[float], scale: float = 1.0, unit: str = "s") -> str:
    """Median and range of ``values`` (seconds) times ``scale``, in ``unit``."""
    median, low, high = (
        scale * statistics.median(values),
        scale * min(values),
        scale * max(values),
    )
    digits = 0 if unit == "ms" else 1
    if len(values) == 1:
        return f"{median:.{digits}f} {unit}"
    return f"{median:.{digits}f} {unit} ({low:.{digits}f}-{high:.{digits}f})"


def table(rows: list[Row]) -> str:
    head = (
        "| papers / patents / press | load + check | pages' code | render | home KB (gz) "
        "| research KB (gz) | home height 390 / 1280 px |"
    )
    lines = [head, "|---|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        home, research = (row.sizes[page] for page in PAGES)
        counts = " / ".join(str(row.counts[kind]) for kind in ("papers", "patents", "press"))
        lines.append(
            f"| {counts} | {spread(row.check, 1000, 'ms')} | {spread(row.code, 1000, 'ms')} "
            f"| {spread(row.render)} "
            f"| {home[0] / 1000:.0f} ({home[1] / 1000:.0f}) "
            f"| {research[0] / 1000:.0f} ({research[1] / 1000:.0f}) "
            f"| {row.heights[390]} / {row.heights[1280]} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row]) -> list[str]:
    """Does each cost grow no faster than the data; is the home page short on a phone."""
    small, large = rows[0], rows[-1]
    grown = large.papers / small.papers
    costs = {
        "load + check": (small.check, large.check),
        "pages' code": (small.code, large.code),
        "render": (small.render, large.render),
        "home HTML bytes": ([small.sizes[PAGES[0]][0]], [large.sizes[PAGES[0]][0]]),
        "research HTML bytes": ([small.sizes[PAGES[1]][0]], [large.sizes[PAGES[1]][0]]),
    }
    lines = []
    for name, (before, after) in costs.items():
        ratio = statistics.median(after) / statistics.median(before)
        verdict = "met" if ratio <= grown else "NOT met"
        lines.append(f"{name}: x{ratio:.2f} for x{grown:.0f} the data: {verdict}")
    taller = large.heights[390] - small.heights[390]
    verdict = "met" if taller <= PHONE_SCREEN else "NOT met"
    lines.append(
        f"home at 390 px: {taller:+d} px from {small.papers} to {large.papers} papers "
        f"(goal <= {PHONE_SCREEN}): {verdict}"
    )
    return lines


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 40, 400])
    parser.add_argument("--runs", type=int, default=5, help="timings of check and code")
    parser.add_argument("--renders", type=int, default=1, help="renders per size (median)")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: temp)")
    args = parser.parse_args()
    if shutil.which("quarto") is None:
        sys.exit("needs quarto on PATH")
    with contextlib.ExitStack() as stack:
        work = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        for papers in sorted(args.sizes):
            rows.append(measure(work, papers, args.runs, args.renders))
            print(f"measured {papers} papers", file=sys.stderr)
    print(table(rows))
    print()
    print("\n".join(verdicts(rows)))


if __name__ == "__main__":
    run()
