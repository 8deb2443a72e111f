"""``portfolio new-post`` and ``portfolio new-paper``: the notebooks they write, their errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import pytest
from helpers import DATA, REPO, REPO_URL, bibtex_entries, make_project

from portfolio.authoring.cli import main
from portfolio.authoring.new_page import SLUG_MAX, slugify
from portfolio.data.load import load_portfolio
from portfolio.pages.citation import bibtex_entry, find_paper, quarto_citation
from portfolio.project.sources import front_matter
from portfolio.verify.pagerun import execute_page, output_text

PAPER_ID = "espresso-noise"  # two authors, "&" and markup in a name, a URL, a note


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder as the working directory, with no data override in the environment."""
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    root = make_project(tmp_path / "site")
    monkeypatch.chdir(root)
    return root


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _post(project: Path, *argv: str) -> Path:
    assert main(["new-post", *argv]) == 0
    (path,) = project.glob("blog/posts/*/index.ipynb")
    return path


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Über Café", "uber-cafe"),
        ("Hello, World!!", "hello-world"),
        ("Don't  stop -- now", "dont-stop-now"),
        ("C++ & Rust: a—comparison (2026)", "c-rust-a-comparison-2026"),
        ("Ångström naïve résumé", "angstrom-naive-resume"),
        ("Straße der Pässe", "strasse-der-passe"),
    ],
)
def test_slugs_are_ascii_words_joined_by_hyphens(title, slug):
    assert slugify(title) == slug


def test_long_slugs_are_cut_at_a_word_boundary():
    title = "Evaluating symmetry and transitivity of identity judgments in vision language models"
    slug = slugify(title)
    assert len(slug) <= SLUG_MAX and not slug.endswith("-")
    assert f"{slug}-" in slugify(title, max_length=200) + "-"
    assert slugify("x" * 100) == "x" * SLUG_MAX


def test_new_post_writes_a_stripped_notebook_with_front_matter(project, capsys):
    title = 'Why "P: Q" holds: notes'
    code, out, err = _run(
        capsys,
        "new-post",
        title,
        "--category",
        "ML",
        "--category",
        "Essays",
        "--date",
        "2026-03-01",
        "--description",
        "Colons: fine",
    )
    assert (code, err) == (0, "")
    path = project / "blog/posts/2026-03-01-why-p-q-holds-notes/index.ipynb"
    assert str(path) in out and "portfolio preview" in out
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert front_matter(path) == {
        "title": title,
        "date": "2026-03-01",
        "categories": ["ML", "Essays"],
        "description": "Colons: fine",
        "draft": True,
    }
    assert notebook.metadata.kernelspec.name == "python3"
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds == ["raw", "code", "markdown", "code"]
    header, starter = notebook.cells[1].source, notebook.cells[3].source
    assert header.startswith("#| output: asis\n")
    assert 'page_header("blog/posts/2026-03-01-why-p-q-holds-notes/index.ipynb")' in header
    assert "load_portfolio()" in starter and "tables.roles_frame(portfolio)" in starter
    assert all(
        not cell.get("outputs") and cell.get("execution_count") is None for cell in notebook.cells
    )


def test_new_post_defaults_to_today(project):
    path = _post(project, "Today")
    assert path.parent.name == f"{date.today().isoformat()}-today"
    assert front_matter(path)["categories"] == []


def test_new_post_refuses_to_overwrite(project, capsys):
    path = _post(project, "Same title", "--date", "2026-03-01")
    before = path.read_bytes()
    code, _, err = _run(capsys, "new-post", "Same title!", "--date", "2026-03-01")
    assert code == 1
    assert "already exists" in err and "Traceback" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["   "], "the title is empty"),
        (["!!!"], "no letters or digits"),
        (["Fine", "--date", "2026-02-30"], "invalid date '2026-02-30'"),
        (["Fine", "--date", "1 March"], "YYYY-MM-DD"),
    ],
)
def test_unusable_titles_and_dates_are_rejected(project, capsys, argv, message):
    code, out, err = _run(capsys, "new-post", *argv)
    assert code == 1 and out == ""
    assert err.startswith("portfolio new-post: ") and message in err and "Traceback" not in err
    assert not (project / "blog").exists()


def test_slug_option_rescues_a_title_without_ascii_letters(project):
    path = _post(project, "数据", "--slug", "data notes", "--date", "2026-03-01")
    assert path.parent.name == "2026-03-01-data-notes"
    assert front_matter(path)["title"] == "数据"


def test_outside_a_project_the_error_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "new-post", "Lost")
    assert code == 1 and "no _quarto.yml" in err


def test_root_option_writes_into_that_project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    assert main(["new-post", "Remote", "--date", "2026-03-01", "--root", str(root)]) == 0
    assert (root / "blog/posts/2026-03-01-remote/index.ipynb").is_file()


def test_new_paper_front_matter_comes_from_the_record(project, capsys):
    code, out, _ = _run(capsys, "new-paper", PAPER_ID)
    assert code == 0
    path = project / "research" / PAPER_ID / "index.ipynb"
    assert str(path) in out
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    paper = find_paper(load_portfolio(DATA), PAPER_ID)
    assert front_matter(path) == {
        "title": paper.title,
        "author": ["M. Kovač-Ortiz", r"J. Doe \& \<b\>Partners\</b\>"],  # markdown: as text
        "citation": {  # CSL: Quarto prints these as text, so they stay as written
            "id": PAPER_ID,
            "type": "paper-conference",
            "title": paper.title,
            "author": list(paper.authors),
            "issued": 2021,
            "container-title": paper.venue,
            "note": "Best fictional paper",
            "url": paper.url,
        },
    }
    sources = [cell.source for cell in notebook.cells]
    assert f'page_header("research/{PAPER_ID}/index.ipynb")' in sources[1]
    assert f'find_paper(portfolio, "{PAPER_ID}")' in "".join(sources)
    assert any(
        source.startswith("## Live code: an illustration on synthetic data") for source in sources
    )
    assert any("default_rng(seed=0)" in source and "synthetic" in source for source in sources)


def test_citation_adds_the_workshop_and_no_invented_links():
    paper = find_paper(load_portfolio(DATA), "cup-arrays")
    citation = quarto_citation(paper)
    assert citation["container-title"] == "Fictional Workshop on Café Acoustics"
    assert "url" not in citation and "doi" not in citation


def test_unknown_paper_lists_the_known_ids(project, capsys):
    code, _, err = _run(capsys, "new-paper", "no-such-paper")
    assert code == 1 and "Traceback" not in err
    assert "no paper with id 'no-such-paper'" in err
    for paper in load_portfolio(DATA).publications.papers:
        assert paper.id in err
    assert not (project / "research").exists()


def test_new_paper_refuses_to_overwrite(project, capsys):
    assert main(["new-paper", PAPER_ID]) == 0
    path = project / "research" / PAPER_ID / "index.ipynb"
    path.write_text("my edits", encoding="utf-8")
    code, _, err = _run(capsys, "new-paper", PAPER_ID)
    assert code == 1 and "already exists" in err
    assert path.read_text(encoding="utf-8") == "my edits"


def test_bibtex_is_parseable_and_escaped():
    paper = find_paper(load_portfolio(DATA), PAPER_ID)
    (entry,) = bibtex_entries(bibtex_entry(paper)).values()
    assert entry["ID"] == PAPER_ID and entry["ENTRYTYPE"] == "inproceedings"
    assert entry["author"] == r"M. Kovač-Ortiz and J. Doe \& <b>Partners</b>"
    assert entry["booktitle"] == paper.venue
    assert entry["year"] == "2021" and entry["url"] == paper.url and "doi" not in entry


def test_created_notebooks_execute_and_link_to_themselves(project):
    post = _post(project, "Über Café", "--date", "2026-03-01")
    assert main(["new-paper", PAPER_ID]) == 0
    paper = project / "research" / PAPER_ID / "index.ipynb"
    outputs = {path: output_text(execute_page(path)) for path in (post, paper)}
    for path, text in outputs.items():
        relative = path.relative_to(project).as_posix()
        assert f"{REPO_URL}/blob/main/{relative}" in text
        assert f"urlpath=lab/tree/{relative}" in text
    assert 'class="portfolio-chart"' in outputs[post]  # the starter chart, site-ready
    citation = outputs[paper]
    assert f"@inproceedings{{{PAPER_ID}," in citation
    assert r"**Cite as:** M. Kovač-Ortiz, J. Doe \& \<b\>Partners\</b\>." in citation


def test_created_notebooks_pass_ruff(project):
    paths = [_post(project, "Lint me", "--date", "2026-03-01")]
    assert main(["new-paper", PAPER_ID]) == 0
    paths.append(project / "research" / PAPER_ID / "index.ipynb")
    config = [
        "--config",
        str(REPO / "ruff.toml"),
    ]
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *config, *map(str, paths)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
