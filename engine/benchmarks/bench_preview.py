"""Edit-to-page latency of ``portfolio preview``: how long after an edit the served page
shows it, for a data edit and for a page edit, on the experience page (a section page).

A fresh copy of the project is rendered once (``portfolio render``), then previewed with
``portfolio preview --no-browser``. Each run edits ``data/roles.yml`` (a role's title gets a
new word) and waits until ``experience.html`` is served with it; once the preview has
rendered every other page again, it edits ``experience.qmd`` (a new paragraph) and waits
for that. Reports the startup time and the
medians of ``--runs`` edits with their range; goal: a data edit on the page within 10 s.
Asserts nothing (timings depend on the machine).

    .venv/bin/python engine/benchmarks/bench_preview.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portfolio.authoring.preview import pages_to_render
from portfolio.verify.previews import PORTFOLIO, PreviewRun
from portfolio.verify.renders import project_copy

GOAL_SECONDS = 10.0
PAGE = "experience.html"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wait_until_idle(preview: PreviewRun, rendered: int, timeout: float = 600.0) -> None:
    """Wait until the preview has rendered ``rendered`` pages of its queue in all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(" rendered in " in line for line in list(preview.output)) >= rendered:
            return
        time.sleep(0.5)


def measure(project: Path, runs: int) -> dict[str, list[float]]:
    """Startup and per-edit seconds of a preview of ``project``."""
    preview = PreviewRun(project)
    times: dict[str, list[float]] = {"startup": [preview.start()], "data edit": [], "page edit": []}
    pages = len(pages_to_render(project, []))
    try:
        for run in range(runs):
            word = f"Benchdata{run}"
            _replace(project / "data" / "roles.yml", "  title: ", f"  title: {word} ")
            times["data edit"].append(preview.seconds_until(PAGE, word))
            _wait_until_idle(preview, pages * (run + 1))
            word = f"Benchpage{run}"
            with (project / "experience.qmd").open("a", encoding="utf-8") as page:
                page.write(f"\n{word} paragraph.\n")
            times["page edit"].append(preview.seconds_until(PAGE, word))
    finally:
        left = preview.stop()
    if left:
        print(f"still running after SIGTERM: {left}", file=sys.stderr)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = project_copy(Path(folder) / "project")
        subprocess.run([PORTFOLIO, "render"], cwd=project, check=True, capture_output=True)
        times = measure(project, args.runs)
    print(f"| {PAGE} served with the edit | median s | range s | runs |")
    print("|---|--:|--:|--:|")
    for name, values in times.items():
        low, high = min(values), max(values)
        median = statistics.median(values)
        print(f"| {name} | {median:.1f} | {low:.1f}-{high:.1f} | {len(values)} |")
    data = statistics.median(times["data edit"])
    verdict = "met" if data <= GOAL_SECONDS else "missed"
    print(f"goal: a data edit on the page within {GOAL_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
