"""Run the site's pages without Quarto: every ``.ipynb`` as it is, every ``.qmd`` by its
Python chunks, each in a fresh kernel with the page's folder as working directory. A section
page's text, which the pre-render step writes (``portfolio.build.sections``), is made as that
step makes it.

    python -m portfolio.verify.pagerun [PAGE ...]     # all pages of _quarto.yml when none given
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from portfolio.build.sections import section_text
from portfolio.project.sources import site_pages

_CHUNK = re.compile(r"^```\{python[^}]*\}[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
_OPTION = re.compile(r"^#\|\s?(.*)$")


def chunk_options(source: str) -> dict:
    """The ``#|`` options at the top of a chunk, parsed as YAML."""
    lines = []
    for line in source.splitlines():
        match = _OPTION.match(line)
        if not match:
            break
        lines.append(match.group(1))
    if not lines:
        return {}
    return yaml.safe_load("\n".join(lines)) or {}


def qmd_notebook(path: Path) -> nbformat.NotebookNode:
    """A ``.qmd`` page's Python chunks as a notebook; chunks marked ``eval: false`` are left out."""
    text = path.read_text(encoding="utf-8")
    sources = [chunk for chunk in _CHUNK.findall(text) if chunk_options(chunk).get("eval", True)]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source.rstrip("\n")) for source in sources]
    return notebook


def load_page(path: Path) -> nbformat.NotebookNode:
    """A page as a notebook, ready to execute."""
    if path.suffix == ".qmd":
        return qmd_notebook(path)
    return nbformat.read(path, as_version=4)


def execute_page(
    path: Path, timeout: int = 180, kernel_name: str = "python3"
) -> nbformat.NotebookNode:
    """Execute a page in its own folder and return the executed copy (the file is untouched)."""
    notebook = load_page(path)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def page_output(path: Path, root: Path, timeout: int = 180) -> str:
    """Everything ``path`` (a page of the project at ``root``) shows: its section text and
    what its code prints (no kernel for a page without code)."""
    notebook = load_page(path)
    if any(cell.cell_type == "code" for cell in notebook.cells):
        notebook = execute_page(path, timeout)
    page = path.resolve().relative_to(root.resolve()).as_posix()
    return "\n".join(filter(None, [section_text(root, page), output_text(notebook)]))


def output_text(notebook: nbformat.NotebookNode) -> str:
    """Everything a page printed or displayed, as text (markdown, HTML, plain)."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
            data = output.get("data", {})
            for mime in ("text/markdown", "text/html", "text/plain"):
                if mime in data:
                    parts.append(data[mime])
                    break
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Execute the given pages (default: every page of the site); report each."""
    root = Path.cwd()
    pages = [Path(arg) for arg in (argv or [])] or site_pages(root)
    failed = 0
    for page in pages:
        try:
            execute_page(page)
            print(f"ok    {page}")
        except (CellExecutionError, CellTimeoutError) as exc:
            failed += 1
            print(f"FAIL  {page}\n{exc}")
    print(f"{len(pages) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
