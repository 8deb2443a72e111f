"""What a page's kernel imports: the time it takes and whether it loads a test tool.

"What a page imports" is every ``import`` / ``from ... import`` of the ``portfolio`` package
and ``%load_ext`` in the code of the site's pages (``project.render`` in ``_quarto.yml``),
collected from the pages themselves. Each ``--python`` runs those imports in a fresh
interpreter with ``-X importtime``, ``--runs`` times: the figure is the median (and range)
of the summed import time, with the modules that cost most and the test tools that were
loaded (goal: none of nbformat, nbclient, jsonschema, Playwright).

Compare environments (the project's ``.venv`` and one with the dev extra, say) and checkouts
(``--src`` of another commit, e.g. a ``git worktree`` of the layout before the layers)::

    .venv/bin/python engine/benchmarks/bench_imports.py --python .venv/bin/python \\
        --python .venv-dev/bin/python [--src ../old-checkout] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

from portfolio.project.sources import site_pages
from portfolio.verify.pagerun import load_page

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
FORBIDDEN = ("nbformat", "nbclient", "jsonschema", "playwright", "rfc3987_syntax")
_IMPORT = re.compile(r"^\s*((?:from|import) portfolio[\w.]*(?: import [\w, ]+)?)\s*$", re.M)
_LOAD_EXT = re.compile(r"^\s*%load_ext (portfolio[\w.]*)\s*$", re.M)
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$", re.M)


def page_imports(root: Path) -> list[str]:
    """Every distinct ``portfolio`` import statement in the code of the site's pages."""
    statements: dict[str, None] = {}
    for page in site_pages(root):
        for cell in load_page(page).cells:
            if cell.cell_type != "code":
                continue
            statements.update(dict.fromkeys(_IMPORT.findall(cell.source)))
            statements.update(dict.fromkeys(f"import {m}" for m in _LOAD_EXT.findall(cell.source)))
    return list(statements)


def one_run(python: str, code: str, src: Path) -> tuple[float, dict[str, int], set[str]]:
    """Milliseconds of summed import time, the cumulative µs of each module the statements
    imported directly, and the top-level names of every module loaded."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        cwd=src.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = _IMPORTTIME.findall(result.stderr)
    total = sum(int(own) for own, _, _, _ in rows) / 1000
    packages = {name: int(cumulative) for _, cumulative, indent, name in rows if len(indent) == 1}
    return total, packages, {name.split(".")[0] for _, _, _, name in rows}


def report(python: str, src: Path, runs: int) -> str:
    """The figures for one interpreter and one checkout."""
    code = "\n".join(page_imports(src.parent))
    results = [one_run(python, code, src) for _ in range(runs)]
    totals = [total for total, _, _ in results]
    _, packages, modules = results[-1]
    loaded = [name for name in FORBIDDEN if name in modules]
    top = sorted(packages.items(), key=lambda item: -item[1])[:6]
    lines = [
        f"{python} with {src}:",
        f"  imports: {code.count(chr(10)) + 1} statements from the pages",
        f"  import time: median {statistics.median(totals):.0f} ms "
        f"(range {min(totals):.0f}-{max(totals):.0f}, {runs} runs)",
        "  costliest: " + ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in top),
        f"  test tools loaded: {', '.join(loaded) or 'none'}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="interpreter (repeatable)")
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout to import from")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    src = args.src.resolve() / "engine" / "src"
    for python in map(os.path.abspath, args.python or [sys.executable]):
        print(report(python, src, args.runs))


if __name__ == "__main__":
    main()
