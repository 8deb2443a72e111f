"""Page weight and Lighthouse scores of the rendered site, served with gzip on 127.0.0.1.

Per page: bytes of everything it loads (raw and gzipped) and its request count
(``portfolio.verify.pageweight``), then Lighthouse 12 (npm devDependency, driving Debian's
Chromium; ``portfolio.verify.lighthouse``) with the mobile preset (default) and
``--preset=desktop``: the four category scores and FCP / LCP / TBT / CLS, as a markdown
table with the goals in its first rows.
No request leaves the machine: Chromium resolves no host but 127.0.0.1 and Lighthouse
blocks https URLs. Asserts nothing (scores depend on the machine, so they are not tests).

With ``--baseline REF`` (a git commit, e.g. the one before static first frames) it renders
that commit and the working tree and measures both side by side in one run, the runs of
the two interleaved so that a busy machine slows both alike: per page and preset the
median and range of performance, FCP, LCP, TBT and CLS, the gzipped weight of each, and,
on a 4x slowed CPU at phone width, the time from a tap on the first chart (as soon as the
page has loaded) to the chart drawn by plotly.js.

    .venv/bin/python engine/benchmarks/bench_site.py [--site _site] [--runs 1]
    .venv/bin/python engine/benchmarks/bench_site.py --baseline 3ea16ac --runs 5
    .venv/bin/python engine/benchmarks/bench_site.py --site _site --baseline-site old/_site --runs 5
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from portfolio.build.assets import VENDOR
from portfolio.verify import browser
from portfolio.verify.lighthouse import CHROME_FLAGS, LIGHTHOUSE, audited_pages, node_env
from portfolio.verify.pageweight import PageWeight, weigh_pages
from portfolio.verify.renders import ROOT, project_copy, quarto_render

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
PLAIN_BUDGET_KB = 150
#: Pages whose first chart is tapped to time it (those with a chart in the first screen).
TAP_PAGES = ("experience.html", "press.html", "index.html")
CPU_SLOWDOWN = 4
#: Records when the reader first touched the page and when the first chart was drawn.
RECORD_TAP = """window.__tap = null; window.__drawn = null;
addEventListener("touchstart", () => { window.__tap ??= performance.now(); }, {capture: true});
new MutationObserver(() => {
  const figure = document.querySelector("figure.portfolio-chart");
  if (window.__drawn === null && figure && figure.querySelector("svg.main-svg")
      && !figure.querySelector(".portfolio-frame")) window.__drawn = performance.now();
}).observe(document, {childList: true, subtree: true});"""


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
    """The page's gzipped budget: home 600 KB, a page without charts 150 KB, else none."""
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


def tap_to_chart(page, url: str) -> float:
    """Milliseconds from a tap on the first chart, right after the page loaded, to the chart
    drawn (frame gone), on a CPU slowed ``CPU_SLOWDOWN`` times, at phone width."""
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load")
    page.locator("figure.portfolio-chart").first.tap()
    page.wait_for_function("() => window.__drawn !== null && window.__tap !== null", timeout=60_000)
    # A chart drawn before the tap (plotly.js loaded with the page) counts as 0 ms.
    return max(0.0, page.evaluate("window.__drawn - window.__tap"))


def tap_times(base: str, pages: Sequence[str], runs: int) -> dict[str, list[float]]:
    """``tap_to_chart`` ``runs`` times for each page, each in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {page: [] for page in pages}
    with sync_playwright() as playwright:
        chromium = browser.launch_chromium(playwright)
        for _ in range(runs):
            for path in pages:
                context = chromium.new_context(
                    viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
                )
                context.add_init_script(RECORD_TAP)
                times[path].append(tap_to_chart(context.new_page(), f"{base}/{path}"))
                context.close()
        chromium.close()
    return times


def _spread(values: Sequence[float], scale: float = 1, digits: int = 0) -> str:
    """Median (min-max) of ``values`` divided by ``scale``."""
    low, mid, high = (
        round(v / scale, digits) for v in (min(values), statistics.median(values), max(values))
    )
    fmt = f"{{:.{digits}f}}"
    return f"{fmt.format(mid)} ({fmt.format(low)}-{fmt.format(high)})"


COMPARE_HEADER = [
    "| page | variant | gzip KB | preset | perf | FCP s | LCP s | TBT ms | CLS |",
    "|---|---|--:|---|--:|--:|--:|--:|--:|",
]


def compare(sites: dict[str, Path], runs: int, presets: Sequence[str] = PRESETS) -> None:
    """Lighthouse on every audited page of each variant, runs interleaved; print medians
    with their ranges, then the tap-to-chart times."""
    first = next(iter(sites.values()))
    pages = audited_pages(first)
    weights = {name: {w.path: w for w in weigh_pages(site, pages)} for name, site in sites.items()}
    with contextlib.ExitStack() as stack:
        bases = {
            name: stack.enter_context(browser.serve_directory(site, compress=True))
            for name, site in sites.items()
        }
        print("\n".join(COMPARE_HEADER), flush=True)
        for path in pages:
            results = {(name, preset): [] for name in sites for preset in presets}
            for _ in range(runs):
                for preset in presets:
                    for name, base in bases.items():
                        results[name, preset].append(lighthouse(f"{base}/{path}", preset))
            for (name, preset), values in results.items():
                kb = weights[name][path].gzip_bytes / 1000
                cells = [_spread([v["performance"] for v in values])]
                cells.append(_spread([v["FCP"] for v in values], 1000, 2))
                cells.append(_spread([v["LCP"] for v in values], 1000, 2))
                cells.append(_spread([v["TBT"] for v in values]))
                cells.append(_spread([v["CLS"] for v in values], 1, 3))
                print(
                    f"| {path} | {name} | {kb:.0f} | {preset} | {' | '.join(cells)} |", flush=True
                )
        taps = [p for p in TAP_PAGES if p in pages]
        print("\n| tap to chart, 4x slower CPU, 390 px | " + " | ".join(sites) + " |")
        print("|---|" + "--:|" * len(sites))
        measured = {name: tap_times(base, taps, runs) for name, base in bases.items()}
        for path in taps:
            cells = [_spread(measured[name][path]) + " ms" for name in sites]
            print(f"| {path} | {' | '.join(cells)} |", flush=True)


def render_ref(ref: str, target: Path) -> Path:
    """Render the project as it was at git ``ref`` (sharing ``node_modules``); its site."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    # A commit from before the engine moved into engine/ keeps its package and npm files at
    # its root. The pages and the render steps import that commit's package.
    engine = target / "engine" if (target / "engine").is_dir() else target
    (engine / "node_modules").symlink_to(ROOT / "engine" / "node_modules")
    vendor = engine / "src" / "portfolio" / "resources" / "vendor"  # not in git: npm's files
    if vendor.parent.is_dir() and not vendor.exists():
        vendor.symlink_to(VENDOR)
    with _environ(PYTHONPATH=str(engine / "src")):
        return _render(target)


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _render(project: Path) -> Path:
    result = quarto_render(project)
    if result.returncode != 0:
        raise SystemExit(f"quarto render of {project} failed:\n{result.stderr[-3000:]}")
    return project / "_site"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a rendered site folder (default: render)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page, median")
    parser.add_argument("--baseline", help="a git commit to render and compare with")
    parser.add_argument("--baseline-site", type=Path, help="a rendered site to compare with")
    parser.add_argument(
        "--presets", default=",".join(PRESETS), help="Lighthouse presets when comparing"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} missing: run npm ci")
    if args.site and not (args.baseline or args.baseline_site):
        report(args.site, args.runs)
        return
    if shutil.which("quarto") is None and not (args.site and args.baseline_site):
        raise SystemExit("needs quarto on PATH to render (or pass --site DIR)")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as work:
        site = args.site or _render(project_copy(Path(work) / "project"))
        if args.baseline or args.baseline_site:
            before = args.baseline_site or render_ref(args.baseline, Path(work) / "baseline")
            compare({"before": before, "now": site}, args.runs, args.presets.split(","))
        else:
            report(site, args.runs)


if __name__ == "__main__":
    main()
