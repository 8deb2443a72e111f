"""Render times: a clean copy, a frozen re-render, after a data edit, and Quarto's baseline.

1. cold: ``quarto render`` of a fresh copy of the project (sources only, no ``_freeze/``, no
   ``.quarto/``: every page runs, every chart frame is drawn), one fresh copy per run; then
   the same of fresh git clones (copies made git repositories with the notebook filter, as
   ``portfolio setup-git`` leaves a clone: the post-render step refreshes git's view of the
   notebooks the render executed), each left with ``git status`` clean;
2. frozen: the last copy rendered again with nothing changed (``execute.freeze: auto``);
3. data edited: a comment added to ``data/roles.yml``; the pages that show it run again;
4. baseline: another copy with every code cell removed (Python chunks of ``.qmd`` pages,
   code cells of notebooks), rendered once to warm up, then timed.

Each row is ``--runs`` renders (at least 5 for the goals; the machine may be shared): the
median, the range and the worst run, in seconds, and the median CPU seconds of Quarto and
the processes it waited for (kernels, pandoc, the pre- and post-render steps, Chromium),
which depend less on what else the machine runs. ``--python`` is the interpreter Quarto runs
the pages with (``QUARTO_PYTHON``; default: this one), so environments can be compared.

Goals (issue 28): a cold render within 30 s (Quarto 1.10, 2 cores; copy and clone);
frozen re-render < 2x the baseline; a render after the data edit at most 2x the frozen one.
Reports how many pages Quarto executed in each render (a frozen render executes none; the
section pages run no kernel at all: their text comes from the pre-render step). Prints a
table; asserts nothing.

    .venv/bin/python engine/benchmarks/bench_render.py [--runs 5] [--python PY] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

from portfolio.authoring.gitfilter import install_filter
from portfolio.verify.renders import project_copy, quarto_render

GOAL_RATIO = 2.0
GOAL_COLD = 30.0
COLD, COLD_CLONE = "cold (fresh copy)", "cold (fresh git clone)"
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_render(project: Path, python: str) -> tuple[float, float, list[str]]:
    """Seconds and CPU seconds for ``quarto render`` in ``project`` (pages run by
    ``python``) and the pages it executed."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = quarto_render(project, python)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"quarto render failed in {project}:\n{result.stderr[-3000:]}")
    return seconds, cpu, executed_pages(result.stdout + result.stderr)


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


#: label, seconds of each render, CPU seconds of each, pages executed
Row = tuple[str, list[float], list[float], list[str]]


def repeated(
    project: Path, runs: int, python: str, before: Callable[[Path], None] | None = None
) -> tuple[list[float], list[float], list[str]]:
    """The seconds and CPU seconds of ``runs`` renders (``before`` each, if given) and every
    page any of them executed."""
    results = []
    for _ in range(runs):
        if before:
            before(project)
        results.append(timed_render(project, python))
    pages = sorted({page for *_, executed in results for page in executed})
    return [r[0] for r in results], [r[1] for r in results], pages


def git_clone(project: Path, python: str) -> Path:
    """Make ``project`` what a fresh clone is once ``portfolio setup-git`` ran: a git
    repository with the notebook filter (run by ``python``), everything committed."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    install_filter(project, python)
    git("add", "-A")
    git("-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "copy")
    return project


def cold(work: Path, runs: int, python: str, clone: bool = False) -> tuple[Row, Path]:
    """``runs`` renders, each of a fresh copy (a git ``clone`` if asked, which the render
    leaves with ``git status`` clean); the row and the last copy."""
    results = []
    for run in range(runs):
        site = project_copy(work / f"{'clone' if clone else 'site'}{run}")
        if clone:
            git_clone(site, python)
        results.append(timed_render(site, python))
        if clone and (
            changed := subprocess.run(
                ["git", "status", "--porcelain"], cwd=site, capture_output=True, text=True
            ).stdout
        ):
            raise SystemExit(f"git status is not clean after the render:\n{changed}")
    pages = sorted({page for *_, executed in results for page in executed})
    label = COLD_CLONE if clone else COLD
    return (label, [r[0] for r in results], [r[1] for r in results], pages), site


def measure(work: Path, runs: int, python: str) -> list[Row]:
    """Run the renders in ``work``; return (label, seconds, CPU seconds, pages) rows."""
    row, site = cold(work, runs, python)
    rows = [row, cold(work, runs, python, clone=True)[0]]
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
    """The rows (median, range and worst run; median CPU) with the goal beside each."""
    baseline = statistics.median(rows[-1][1])
    goals = {COLD: f"<= {GOAL_COLD:.0f} s", COLD_CLONE: f"<= {GOAL_COLD:.0f} s"}
    goals["frozen (nothing changed)"] = f"< {GOAL_RATIO * baseline:.1f} s (2x baseline)"
    frozen = statistics.median(rows[2][1])
    goals["after editing data/roles.yml"] = f"<= {GOAL_RATIO * frozen:.1f} s (2x frozen)"
    head = f"{'render':<32} {'seconds (range)':>17} {'worst':>6} {'CPU s':>6} {'executed':>8}"
    lines = [f"{head}  goal"]
    for label, seconds, cpu, pages in rows:
        cells = f"{_seconds(seconds):>17} {max(seconds):6.1f} {statistics.median(cpu):6.1f}"
        lines.append(f"{label:<32} {cells} {len(pages):8d}  {goals.get(label, '')}")
    runs = min(len(row[1]) for row in rows)
    lines.append(f"runs per row: {runs}" + ("" if runs >= 5 else " (the goals want at least 5)"))
    for label, seconds, *_ in rows[:2]:
        median = statistics.median(seconds)
        verdict = "met" if median <= GOAL_COLD else "NOT met"
        lines.append(f"{label}: {median:.1f} s (goal <= {GOAL_COLD:.0f} s): {verdict}")
    edited = statistics.median(rows[3][1])
    verdict = "met" if edited <= GOAL_RATIO * frozen else "NOT met"
    lines.append(f"data edit / frozen = {edited / frozen:.2f} (goal <= {GOAL_RATIO}): {verdict}")
    verdict = "met" if frozen < GOAL_RATIO * baseline else "NOT met"
    lines.append(f"frozen / baseline = {frozen / baseline:.2f} (goal < {GOAL_RATIO}): {verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: temp)")
    parser.add_argument("--runs", type=int, default=5, help="renders per row (median)")
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
    for label, *_, pages in rows:
        print(f"{label}: executed {', '.join(pages) or 'nothing'}")
    print(table(rows))


if __name__ == "__main__":
    main()
