"""Small projects in temporary folders for the authoring and Binder tests; rendered pages
read with the build's HTML scanner."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import bibtexparser

from portfolio.build.markup import Page

REPO = Path(__file__).resolve().parents[1]
#: The fictional researcher's data: stable test data, so these tests pass in any fork.
DATA = REPO / "tests" / "fixtures" / "other-researcher" / "data"
REPO_URL = "https://github.com/example-owner/example-repo"
QUARTO_YML = f"project:\n  type: website\nwebsite:\n  repo-url: {REPO_URL}\n"


def make_project(folder: Path, quarto_yml: str = QUARTO_YML) -> Path:
    """A project with the fictional researcher's data and a minimal ``_quarto.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA, folder / "data")
    (folder / "_quarto.yml").write_text(quarto_yml, encoding="utf-8")
    return folder


def readme_command(section: str, subcommand: str) -> list[str]:
    """A command of the README's ``## <section>`` code block, as written, with ``.venv/bin/``
    meaning this environment's (the tests run in the project's ``.venv``)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split(f"## {section}\n", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    for line in block.splitlines():
        argv = shlex.split(line.split("#", 1)[0])
        if len(argv) > 1 and argv[1] == subcommand:
            return [argv[0].replace(".venv/bin/", f"{Path(sys.executable).parent}/", 1), *argv[1:]]
    raise LookupError(f"no `{subcommand}` command in the README's {section!r} block")


def bibtex_entries(text: str) -> dict[str, dict[str, str]]:
    """Each entry of a BibTeX text by key: its fields as written (outer delimiters removed),
    with ``ID`` and ``ENTRYTYPE``; a block bibtexparser could not parse fails the test."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.raw for block in library.failed_blocks]
    return {
        entry.key: {"ID": entry.key, "ENTRYTYPE": entry.entry_type}
        | {field.key: field.value for field in entry.fields}
        for entry in library.entries
    }


def read_page(path: Path) -> Page:
    """A rendered page, read by the scanner the post-render step edits pages with."""
    return Page.read(path)
