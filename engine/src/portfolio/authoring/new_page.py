"""Start new pages as notebooks: ``portfolio new-post`` and ``portfolio new-paper``.

Each notebook is written without outputs (as git keeps it): front matter in a first raw
cell, a header cell with the Binder/download/source links, and starter code that uses the
package. Quarto executes it on render; authors run it in JupyterLab.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from portfolio.data.load import load_portfolio
from portfolio.data.models import Paper
from portfolio.exceptions import PortfolioError
from portfolio.pages.citation import find_paper, page_front_matter
from portfolio.pages.metadata import metadata_yaml
from portfolio.project.links import project_root
from portfolio.project.sources import front_matter

SLUG_MAX = 60
#: The front-matter keys of a paper page that come from its record (``new-paper --update``).
PAPER_KEYS = ("title", "author", "citation")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

POST_STARTER = """\
import plotly.express as px

from portfolio.charts import show
from portfolio.data import load_portfolio, tables

portfolio = load_portfolio()
roles = tables.roles_frame(portfolio)
fig = px.bar(
    roles,
    x="tenure_years",
    y="organisation",
    hover_name="title",
    orientation="h",
    labels={"tenure_years": "Years in role", "organisation": ""},
)
# show() draws it in JupyterLab and on the site, in the site's theme
show(fig, name="time-in-each-role", caption="Time in each role")"""

SYNTHETIC_INTRO = """\
## Live code: an illustration on synthetic data

The cell below draws random numbers from a seeded generator to show the kind of analysis
you can re-run here or on Binder. The numbers are synthetic: they are not the paper's data
and not its results."""

SYNTHETIC_STARTER = """\
import numpy as np
import plotly.express as px

from portfolio.charts import show

rng = np.random.default_rng(seed=0)  # fixed seed: the same synthetic numbers on every run
synthetic = rng.normal(size=(200, 2))
fig = px.scatter(x=synthetic[:, 0], y=synthetic[:, 1], labels={"x": "feature 1", "y": "feature 2"})
show(
    fig,
    name="synthetic-illustration",
    caption="Synthetic data (an illustration, not results from the paper)",
)"""

#: The first code cell of every notebook page: its code is hidden on the site, its output
#: (links, provenance, schema.org data) shown; DataFrames display as markdown tables.
HEADER = """\
#| output: asis
#| echo: false
%load_ext portfolio.pages.display
from portfolio.pages import page_header

page_header("{path}")"""


class AuthoringError(PortfolioError):
    """A page cannot be created as asked; the message says why and what to do."""


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """A URL- and file-safe slug: ASCII words joined by hyphens, cut at a word boundary."""
    decomposed = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", text.casefold()))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.findall(r"[a-z0-9]+", plain)  # other characters (dashes, CJK, ...) separate words
    slug = words[0][:max_length] if words else ""
    for word in words[1:]:
        if len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}"
    return slug


def parse_day(text: str | None) -> date:
    """``YYYY-MM-DD`` as a date; today when ``text`` is None."""
    if text is None:
        return date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise AuthoringError(f"invalid date {text!r}; write a real date as YYYY-MM-DD") from None


def new_post(
    title: str,
    categories: Sequence[str] = (),
    day: date | None = None,
    description: str | None = None,
    root: Path | None = None,
    slug: str | None = None,
) -> Path:
    """Write ``blog/posts/<date>-<slug>/index.ipynb`` under ``root``; return its path."""
    title = title.strip()
    if not title:
        raise AuthoringError("the title is empty; give the post a title")
    slug = slugify(slug or title)
    if not slug:
        raise AuthoringError(
            f"the title {title!r} has no letters or digits to make a URL from; pass --slug"
        )
    day = day or date.today()
    relative = Path("blog", "posts", f"{day.isoformat()}-{slug}", "index.ipynb")
    meta = {"title": title, "date": day.isoformat(), "categories": _clean(categories)}
    if description and description.strip():
        meta["description"] = description.strip()
    meta["draft"] = True
    notebook = _notebook(
        meta, relative, [new_markdown_cell("Write the post here."), new_code_cell(POST_STARTER)]
    )
    return _write(_root(root), relative, notebook)


def new_paper(paper_id: str, root: Path | None = None) -> Path:
    """Write ``research/<paper-id>/index.ipynb`` from the paper's record; return its path."""
    root = _root(root)
    paper = find_paper(load_portfolio(root / "data"), paper_id)
    relative = Path("research", paper.id, "index.ipynb")
    return _write(root, relative, paper_notebook(paper, relative))


def update_paper(paper_id: str, root: Path | None = None) -> Path:
    """Rewrite the title, authors and citation of ``research/<paper-id>/index.ipynb`` from the
    paper's record; every other key and cell of the page is kept as it is."""
    root = _root(root)
    paper = find_paper(load_portfolio(root / "data"), paper_id)
    relative = Path("research", paper.id, "index.ipynb")
    path = root / relative
    if not path.is_file():
        raise AuthoringError(f"{relative.as_posix()} does not exist; run without --update")
    kept = {key: value for key, value in front_matter(path).items() if key not in PAPER_KEYS}
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = _front_matter_cell({**page_front_matter(paper), **kept})
    nbformat.write(notebook, path)
    return path


def paper_notebook(paper: Paper, relative: Path) -> NotebookNode:
    """The research page: citation metadata, a citation cell and a synthetic-data demo."""
    cite = (
        "#| output: asis\n#| echo: false\nfrom portfolio.data import load_portfolio, tables\n"
        "from portfolio.pages import citation, fragments\n\n"
        "portfolio = load_portfolio()\n"
        f'paper = citation.find_paper(portfolio, "{paper.id}")\n'
        "print(fragments.cite_paper(tables.papers_frame(portfolio), paper))"
    )
    cells = [
        new_markdown_cell("## Cite this paper"),
        new_code_cell(cite),
        new_markdown_cell(SYNTHETIC_INTRO),
        new_code_cell(SYNTHETIC_STARTER),
    ]
    return _notebook(page_front_matter(paper), relative, cells)


def _notebook(meta: dict, relative: Path, cells: list[NotebookNode]) -> NotebookNode:
    """Front matter, the page header, then ``cells``."""
    header = HEADER.format(path=relative.as_posix())
    notebook = new_notebook(
        cells=[new_raw_cell(_front_matter_cell(meta)), new_code_cell(header), *cells],
        metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
    )
    nbformat.validate(notebook)
    return notebook


def _front_matter_cell(meta: dict) -> str:
    """The first raw cell: ``meta`` as YAML front matter, every text written as text."""
    return f"---\n{metadata_yaml(meta)}---"


def _write(root: Path, relative: Path, notebook: NotebookNode) -> Path:
    """Write the notebook at ``root / relative``, never over an existing file."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            nbformat.write(notebook, file)
    except FileExistsError:
        raise AuthoringError(
            f"{relative.as_posix()} already exists; it was left unchanged"
        ) from None
    return path


def _root(root: Path | None) -> Path:
    if root is None:
        return project_root()
    if not Path(root).is_dir():
        raise AuthoringError(f"--root {root} is not a folder")
    return Path(root).resolve()


def _clean(categories: Sequence[str]) -> list[str]:
    return [category.strip() for category in categories if category.strip()]


# The command line ---------------------------------------------------------------------


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``new-post`` and ``new-paper`` on the ``portfolio`` command."""
    post = commands.add_parser("new-post", help="start a blog post notebook")
    post.add_argument("title", help="the post's title")
    post.add_argument(
        "--category",
        dest="categories",
        action="append",
        default=[],
        metavar="CATEGORY",
        help="a listing category (repeatable)",
    )
    post.add_argument("--date", help="YYYY-MM-DD (default: today)")
    post.add_argument("--description", help="one sentence for listings")
    post.add_argument("--slug", help="URL name (default: made from the title)")
    post.add_argument("--root", type=Path, help="project folder (default: nearest _quarto.yml)")
    post.set_defaults(run=_reported(_new_post))

    paper = commands.add_parser("new-paper", help="start a research page from a paper's record")
    paper.add_argument("paper_id", help="the paper's id in data/publications.yml")
    paper.add_argument("--root", type=Path, help="project folder (default: nearest _quarto.yml)")
    paper.add_argument(
        "--update",
        action="store_true",
        help="rewrite an existing page's title, authors and citation from the record",
    )
    paper.set_defaults(run=_reported(_new_paper))


def _new_post(args: argparse.Namespace) -> Path:
    return new_post(
        args.title, args.categories, parse_day(args.date), args.description, args.root, args.slug
    )


def _new_paper(args: argparse.Namespace) -> Path:
    if args.update:
        return update_paper(args.paper_id, args.root)
    return new_paper(args.paper_id, args.root)


def _reported(create: Callable[[argparse.Namespace], Path]) -> Callable[[argparse.Namespace], int]:
    """Run ``create``; print the new path and the next step, or the reason it failed."""

    def run(args: argparse.Namespace) -> int:
        try:
            path = create(args)
        except PortfolioError as exc:
            print(exc.report(f"portfolio {args.command}"), file=sys.stderr)
            return 1
        print(f"{'Updated' if getattr(args, 'update', False) else 'Created'} {path}")
        print("Next: open it in JupyterLab and write; `portfolio preview` shows the page.")
        if args.command == "new-post":
            print("The post is a draft (draft: true) until you delete that line.")
        return 0

    return run
