"""Paper pages' front matter is what ``portfolio new-paper`` writes from data/publications.yml.

A committed page is a copy of its record's title, authors and citation; when the record
changes, ``portfolio new-paper <id> --update`` rewrites that copy and keeps the rest.
"""

from __future__ import annotations

import nbformat
import pytest
import yaml
from helpers import DATA, make_project

from portfolio.authoring.cli import main
from portfolio.authoring.new_page import PAPER_KEYS, paper_notebook
from portfolio.data.load import load_portfolio
from portfolio.pages.citation import find_paper
from portfolio.project.sources import front_matter

from conftest import ROOT, replace_in

PAGES = sorted(ROOT.glob("research/*/index.ipynb"))


def written_by_new_paper(paper_id: str, data=ROOT / "data") -> dict:
    """The front matter ``new-paper`` writes for the record, parsed."""
    paper = find_paper(load_portfolio(data, as_of="2026-11-24"), paper_id)
    notebook = paper_notebook(paper, ROOT / "research" / paper_id / "index.ipynb")
    return yaml.safe_load(notebook.cells[0].source.strip("-\n"))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.parent.name)
def test_committed_paper_pages_match_their_records(page):
    paper_ids = {paper.id for paper in load_portfolio(ROOT / "data").publications.papers}
    assert page.parent.name in paper_ids, "a page for a paper data/ does not have; remove it"
    committed = {key: front_matter(page).get(key) for key in PAPER_KEYS}
    assert committed == written_by_new_paper(page.parent.name), (
        f"{page.relative_to(ROOT)} differs from its record; run "
        f"`portfolio new-paper {page.parent.name} --update`"
    )


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    monkeypatch.setenv("PORTFOLIO_AS_OF", "2026-11-24")
    root = make_project(tmp_path / "site")
    monkeypatch.chdir(root)
    return root


def test_update_rewrites_the_record_and_keeps_everything_else(project, capsys):
    assert main(["new-paper", "cup-arrays"]) == 0
    path = project / "research" / "cup-arrays" / "index.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = notebook.cells[0].source.replace("---\n", "---\nsubtitle: mine\n", 1)
    notebook.cells.append(nbformat.v4.new_markdown_cell("My own notes."))
    nbformat.write(notebook, path)
    replace_in(project / "data" / "publications.yml", "Cup-Shaped", "Cup-Shaped <i>Tiny</i>")
    capsys.readouterr()

    assert main(["new-paper", "cup-arrays", "--update"]) == 0
    assert "Updated" in capsys.readouterr().out
    meta = front_matter(path)
    assert meta["subtitle"] == "mine"
    assert meta["title"] == r"Cup-Shaped \<i\>Tiny\</i\> Microphone Arrays"  # stays text
    assert meta["citation"]["title"] == "Cup-Shaped <i>Tiny</i> Microphone Arrays"  # CSL text
    assert {key: meta[key] for key in PAPER_KEYS} == written_by_new_paper(
        "cup-arrays", project / "data"
    )
    assert nbformat.read(path, as_version=4).cells[-1].source == "My own notes."


def test_update_of_a_missing_page_says_what_to_do(project, capsys):
    assert main(["new-paper", "cup-arrays", "--update"]) == 1
    assert "does not exist; run without --update" in capsys.readouterr().err


def test_markup_in_a_title_is_written_as_text():
    meta = written_by_new_paper("first-steps", DATA)
    escaped = r"Erste Schritte im maschinellen Hören \<script\>alert('fictional')\</script\>"
    assert meta["title"] == escaped
    assert meta["citation"]["title"] == escaped.replace("\\", "")
