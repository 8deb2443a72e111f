"""Every text of the data stays text through Quarto: shortcodes, raw attributes, math,
citation keys and script in every text field of a fictional researcher's data show as
written, in the pages and in their metadata, nothing runs or is included, and the site
passes the site checks.

Quarto reads shortcodes in page text and in metadata; the package keeps them inert with a
word joiner between two braces (``portfolio.pages.markdown``), which shows as nothing, so
texts are compared with it removed.
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from portfolio.data.facts import venue_title
from portfolio.data.load import load_portfolio
from portfolio.data.models import Portfolio
from portfolio.pages.fragments import section_title
from portfolio.pages.markdown import WORD_JOINER, esc
from portfolio.verify.sitecheck import check_site, format_reports

from conftest import AS_OF, OTHER_DATA, OTHER_PAPER_PAGES, make_it_yours, quarto_render

#: A file a shortcode in the data would include; its text must appear nowhere.
SECRET = "secret.qmd"
INCLUDED = "SECRET-WAS-INCLUDED"
#: Appended to every text field: each piece would run, include or format if read as markup.
HOSTILE = (
    " {{< include secret.qmd >}} {{{< meta title >}}} `b`{=html} $x^2$ \\(y\\) @cite"
    " <script>alert('hostile')</script> *e* {{ a >}} b"
)
# Braces balance: Quarto parses author names as BibTeX, where an unbalanced brace fails the
# render (Quarto 1.7.34 and 1.10.18, with or without this package's escaping).
#: The data's text fields, by file (``*`` is every record of a list).
TEXT_FIELDS = {
    "profile.yml": ["name", "headline", "tagline", "summary", "sections.*.title",
                    "sections.*.intro", "skills.*.name", "skills.*.items.*", "stats.*.label",
                    "education.*.institution", "education.*.degree", "education.*.field"],
    "roles.yml": ["*.title", "*.employer", "*.team", "*.bullets.*"],
    "patents.yml": ["*.title"],
    "publications.yml": ["papers.*.title", "papers.*.venue", "papers.*.authors.*",
                         "papers.*.notes.*"],
    "reviewing.yml": ["*.venue"],
}  # fmt: skip


def _append(node: object, path: list[str]) -> object:
    """``node`` with ``HOSTILE`` appended to the strings at ``path``."""
    if not path:
        return node + HOSTILE if isinstance(node, str) else node
    key, rest = path[0], path[1:]
    if key == "*" and isinstance(node, list):
        return [_append(item, rest) for item in node]
    if key == "*" and isinstance(node, dict):
        return {name: _append(item, rest) for name, item in node.items()}
    if isinstance(node, dict) and key in node:
        return node | {key: _append(node[key], rest)}
    return node


def hostile_data(folder: Path) -> Path:
    """The fictional data with ``HOSTILE`` in every text field."""
    folder.mkdir(parents=True)
    for source in OTHER_DATA.glob("*.yml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for field in TEXT_FIELDS.get(source.name, []):
            data = _append(data, field.split("."))
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> tuple[Portfolio, Path]:
    """The hostile data, and its site made and rendered as a new researcher does."""
    folder = tmp_path_factory.mktemp("hostile")
    data = hostile_data(folder / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", AS_OF.isoformat())
        patch.delenv("PORTFOLIO_DATA", raising=False)
        patch.delenv("GITHUB_REPOSITORY", raising=False)
        project = make_it_yours(folder / "project", data)
        (project / SECRET).write_text(f"{INCLUDED}\n", encoding="utf-8")
        site = quarto_render(project)
    return load_portfolio(data, as_of=AS_OF), site


#: Pandoc's typographic quotes (its ``smart`` extension) in page text, as the data writes them.
STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def shown(text: str) -> str:
    """Text as a reader gets it: word joiners gone, whitespace folded, quotes straight."""
    return " ".join(text.replace(WORD_JOINER, "").translate(STRAIGHT).split())


#: The ``type`` of a ``<script>`` that runs (others hold data: JSON, JSON-LD).
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _Page(HTMLParser):
    """A page's visible text, title, meta tags, JSON-LD and the scripts that run."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[object] = []
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and (name := found.get("name") or found.get("property")):
            self.meta.setdefault(name, []).append(shown(found.get("content") or ""))
        if tag not in {"meta", "link", "img", "br", "hr", "input"}:
            self._in.append(f"{tag}:{found.get('type', '')}")

    def handle_endtag(self, tag: str) -> None:
        while self._in and not self._in.pop().startswith(f"{tag}:"):
            pass

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "script:application/ld+json":
            self.jsonld.append(json.loads(data))
        elif where.startswith("script:"):
            if where.split(":", 1)[1] in SCRIPT_TYPES:
                self.scripts.append(data)
        elif where.startswith("title:"):
            self.title += data
        elif not where.startswith("style:"):
            self.text.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.text = [shown(" ".join(page.text))]
    page.title = shown(page.title)
    return page


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [shown(node)]
    if isinstance(node, dict):
        return [text for item in node.values() for text in _strings(item)]
    if isinstance(node, list):
        return [text for item in node for text in _strings(item)]
    return []


@pytest.fixture(scope="session")
def pages(hostile) -> dict[str, _Page]:
    _, site = hostile
    return {path.relative_to(site).as_posix(): read_page(path) for path in site.rglob("*.html")}


def texts(portfolio: Portfolio) -> list[str]:
    """Every text field of the hostile data, as the site must show it."""
    profile = portfolio.profile
    found = [profile.name, profile.headline, profile.tagline, profile.summary]
    found += [section.title for key, section in profile.sections.items() if key != "research-notes"]
    found += [text for role in portfolio.roles for text in (role.title, role.employer)]
    found += [bullet for role in portfolio.roles for bullet in role.bullets]
    found += [patent.title for patent in portfolio.patents]
    papers = portfolio.publications.papers
    found += [text for paper in papers for text in (paper.title, paper.venue, *paper.authors)]
    found += [note for paper in papers for note in paper.notes]
    found += [review.venue for review in portfolio.reviewing]
    found += [entry.institution for entry in profile.education]
    found += [stat.label for stat in profile.stats]
    found += [skill.name for skill in profile.skills]
    found += [item for skill in profile.skills for item in skill.items]
    return [shown(text) for text in found]


@pytest.mark.quarto
def test_every_text_shows_as_written_and_nothing_runs(hostile, pages):
    portfolio, site = hostile
    assert all(HOSTILE.strip() in text for text in texts(portfolio))  # the data holds it
    visible = " ".join(page.text[0] for page in pages.values())
    assert [text for text in texts(portfolio) if text not in visible] == []
    outputs = [path.read_text(encoding="utf-8") for path in site.rglob("*") if path.is_file()
               and path.suffix in {".html", ".xml", ".json"}]  # fmt: skip
    assert not [text for text in outputs if INCLUDED in text]
    ran = {name: [s for s in page.scripts if "hostile" in s] for name, page in pages.items()}
    assert {name: scripts for name, scripts in ran.items() if scripts} == {}


@pytest.mark.quarto
def test_metadata_holds_the_texts_as_written(hostile, pages):
    portfolio, _ = hostile
    profile = portfolio.profile
    home, about = pages["index.html"], pages["about.html"]
    # The site's title: Quarto reads it as markdown after a page's title, but writes it as it
    # is after a ``pagetitle`` (home's "Home") or a title that holds markup (1.7.34, 1.10.18),
    # and in og:site_name (1.7.34; 1.10.18 reads it): shown escaped there, never run.
    assert pages["experience.html"].title == f"Experience – {shown(profile.name)}"
    assert home.meta["og:site_name"][0] in {shown(profile.name), shown(esc(profile.name))}
    assert home.meta["description"] == [shown(profile.summary)]
    for key in ("og:image:alt", "twitter:image:alt"):
        assert home.meta[key] == [shown(f"{profile.headline} · {profile.name} · {profile.tagline}")]
    assert about.meta["description"] == [shown(f"{profile.headline}. {profile.tagline}")]
    research = pages["research/index.html"]
    assert research.title.startswith(shown(section_title(profile, "publications")))
    assert research.meta["og:title"][0].startswith(shown(section_title(profile, "publications")))
    papers = {paper.id: paper for paper in portfolio.publications.papers}
    for paper_id in OTHER_PAPER_PAGES:
        paper, page = papers[paper_id], pages[f"research/{paper_id}/index.html"]
        title = shown(paper.title)
        assert page.title.startswith(title) and page.meta["og:title"][0].startswith(title)
        assert page.meta["description"] == [shown(f"{venue_title(paper)}, {paper.year}.")]
        assert title in _strings(page.jsonld)
        assert shown(paper.authors[0]) in _strings(page.jsonld)
        # Quarto escapes the first "<" of a citation_* tag's text twice ("&amp;lt;": 1.7.34 and
        # 1.10.18, "a < b" too); the text is otherwise as written.
        citation = {key: [html.unescape(html.unescape(value)) for value in values]
                    for key, values in page.meta.items()
                    if key.startswith("citation_")}  # fmt: skip
        assert citation["citation_title"] == [title]
        assert citation["citation_author"] == [shown(name) for name in paper.authors]
        assert citation["citation_conference_title"] == [shown(venue_title(paper))]


@pytest.mark.quarto
@pytest.mark.browser
def test_their_site_passes_the_site_checks(hostile):
    """No request elsewhere (``$x$`` read as math once made pages load MathJax from a CDN),
    no console error, no axe-core violation (a long printed output must take the focus)."""
    reports = check_site(hostile[1])
    assert all(report.ok for report in reports), format_reports(reports)
