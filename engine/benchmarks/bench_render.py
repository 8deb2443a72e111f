"""Render times: a clean copy, a frozen re-render, after a data edit, and Quarto's baseline.

1. cold: ``quarto render`` of a fresh copy of the project (sources only, no ``_freeze/``);
2. frozen: the same copy rendered again with nothing changed (``execute.freeze: auto``);
3. data edited: a comment added to ``data/roles.yml``; the pages that show it run again;
4. baseline: another copy with every code cell removed (Python chunks of ``.qmd`` pages,
   code cells of notebooks), rendered once to warm up, then timed.

Frozen, data-edited and baseline times are medians of ``--runs`` renders (the machine is
shared), with their range. ``--python`` is the interpreter Quarto runs the pages with
(``QUARTO_PYTHON``; default: this one), so environments can be compared: the project's
``.venv`` and one with the dev extra (JupyterLab) installed, say.

Goals: frozen re-render < 2x the baseline; a render after the data edit at most 2x the
frozen one (issue 28). Reports how many pages Quarto executed in each
render (a frozen render executes none). Prints a table; asserts nothing.

    .venv/bin/python engine/benchmarks/bench_render.py [--runs 3] [--python PY] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

from portfolio.verify.renders import project_copy, quarto_render

GOAL_RATIO = 2.0
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PAGE = re.compile(r"^\[\s*\d+/\d+\] (\S+)$", re.MULTILINE)
_PYTHON_CHUNK = re.compile(r"^```\{python[^}]*\}\n.*?^```[ \t]*\n?", re.MULTILINE | re.DOTALL)


def executed_pages(output: str) -> list[str]:
    """The pages whose code Quarto ran, from its progress output."""
    text = _ANSI.sub("", output)
    heads = list(_PAGE.finditer(text))
    ends = [match.start() for match in heads[1:]] + [len(text)]
    return [
        head[1]
        for head, end in zip(heads, ends, strict=True)
        if "Executing '" in text[head.end() : end]
    ]


def timed_render(project: Path, python: str) -> tuple[float, list[str]]:
    """Seconds for ``quarto render`` in ``project`` (pages run by ``python``) and the pages
    it executed."""
    start = time.perf_counter()
    result = quarto_render(project, python)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"quarto render failed in {project}:\n{result.stderr[-3000:]}")
    return seconds, executed_pages(result.stdout + result.stderr)


def strip_code(project: Path) -> int:
    """Remove every code cell from the project's pages; return how many were removed."""
    removed = 0
    for page in project.rglob("*.qmd"):
        text = page.read_text(encoding="utf-8")
        stripped, count = _PYTHON_CHUNK.subn("", text)
        page.write_text(stripped, encoding="utf-8")
        removed += count
    for page in project.rglob("*.ipynb"):
        notebook = nbformat.read(page, as_version=4)
        kept = [cell for cell in notebook.cells if cell.cell_type != "code"]
        removed += len(notebook.cells) - len(kept)
        notebook.cells = kept
        nbformat.write(notebook, page)
    return removed


def touch_data(project: Path) -> None:
    """An edit that changes no fact: a comment at the end of ``data/roles.yml``."""
    with (project / "data" / "roles.yml").open("a", encoding="utf-8") as handle:
        handle.write("# benchmark edit\n")


Row = tuple[str, list[float], list[str]]  # label, seconds of each render, pages executed


def repeated(
    project: Path, runs: int, python: str, before: Callable[[Path], None] | None = None
) -> tuple[list[float], list[str]]:
    """The seconds of ``runs`` renders (``before`` each, if given) and every page any of
    them executed."""
    results = []
    for _ in range(runs):
        if before:
            before(project)
        results.append(timed_render(project, python))
    pages = sorted({page for _, executed in results for page in executed})
    return [seconds for seconds, _ in results], pages


def measure(work: Path, runs: int, python: str) -> list[Row]:
    """Run the renders in ``work``; return (label, seconds, executed pages) rows."""
    site = project_copy(work / "site")
    seconds, pages = timed_render(site, python)
    rows = [("cold (fresh copy)", [seconds], pages)]
    rows.append(("frozen (nothing changed)", *repeated(site, runs, python)))
    rows.append(("after editing data/roles.yml", *repeated(site, runs, python, touch_data)))
    baseline = project_copy(work / "baseline")
    print(f"baseline: removed {strip_code(baseline)} code cells")
    timed_render(baseline, python)
    rows.append(("baseline: no code cells (warm)", *repeated(baseline, runs, python)))
    return rows


def _seconds(runs: list[float]) -> str:
    """A median with the range of the runs: "8.6 (8.1-9.0)"."""
    median = f"{statistics.median(runs):.1f}"
    return median if len(runs) == 1 else f"{median} ({min(runs):.1f}-{max(runs):.1f})"


def table(rows: list[Row]) -> str:
    """The rows with the goal beside the frozen render."""
    baseline = statistics.median(rows[-1][1])
    goals = {"frozen (nothing changed)": f"< {GOAL_RATIO * baseline:.1f} s (2x baseline)"}
    frozen = statistics.median(rows[1][1])
    goals["after editing data/roles.yml"] = f"<= {GOAL_RATIO * frozen:.1f} s (2x frozen)"
    lines = [f"{'render':<32} {'seconds (range)':>17} {'pages executed':>15}  goal"]
    for label, seconds, pages in rows:
        goal = goals.get(label, "")
        lines.append(f"{label:<32} {_seconds(seconds):>17} {len(pages):15d}  {goal}")
    edited = statistics.median(rows[2][1])
    verdict = "met" if edited <= GOAL_RATIO * frozen else "NOT met"
    lines.append(f"data edit / frozen = {edited / frozen:.2f} (goal <= {GOAL_RATIO}): {verdict}")
    verdict = "met" if frozen < GOAL_RATIO * baseline else "NOT met"
    lines.append(f"frozen / baseline = {frozen / baseline:.2f} (goal < {GOAL_RATIO}): {verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: temp)")
    parser.add_argument("--runs", type=int, default=3, help="renders per row (median)")
    parser.add_argument("--python", default=sys.executable, help="QUARTO_PYTHON for the pages")
    args = parser.parse_args()
    python = os.path.abspath(args.python)
    print(f"pages run by {python}")
    if shutil.which("quarto") is None:
        raise SystemExit("needs quarto on PATH (../shared/tools/quarto on this team)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        rows = measure(args.keep, args.runs, python)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-render-") as work:
            rows = measure(Path(work), args.runs, python)
    for label, _, pages in rows:
        print(f"{label}: executed {', '.join(pages) or 'nothing'}")
    print(table(rows))


if __name__ == "__main__":
    main()
