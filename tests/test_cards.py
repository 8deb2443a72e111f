"""Social cards: every page's og:image, drawn from the data at build time."""

from __future__ import annotations

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import pytest
import yaml
from PIL import Image

from portfolio.build import cards
from portfolio.build.markup import Page
from portfolio.build.pagemeta import metadata_file, write_page_metadata
from portfolio.data.load import load_portfolio
from portfolio.project.links import site_url
from portfolio.project.sources import draft_pages, site_pages
from portfolio.verify.renders import project_copy
from portfolio.verify.sitecheck import html_pages

from conftest import ROOT, replace_in


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_copy(tmp_path / "project")


def size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_every_page_has_a_card_with_its_own_title(portfolio):
    found = {card.page: card for card in cards.site_cards(portfolio, ROOT)}
    published = set(site_pages(ROOT)) - set(draft_pages(ROOT))  # a draft has no card
    assert set(found) == {page.relative_to(ROOT).as_posix() for page in published}
    paper = portfolio.publications.papers[0]
    card = found[f"research/{paper.id}/index.ipynb"]
    assert (card.kicker, card.title) == ("Paper", paper.title)
    assert card.subtitle.endswith(f", {paper.year}") and paper.venue in card.subtitle
    assert found["experience.qmd"].title == portfolio.profile.sections["experience"].title
    post = next(card for page, card in found.items() if page.startswith("blog/posts/"))
    assert post.kicker == "Blog" and post.subtitle == "24 November 2026"
    assert found["index.qmd"].title == portfolio.profile.name
    assert len({card.slug for card in found.values()}) == len(found)
    assert card.title in card.alt() and portfolio.profile.name in card.alt()


def test_cards_are_1200_by_630_drawn_once_and_follow_the_data(project):
    portfolio = load_portfolio(project / "data")
    first = cards.write_cards(portfolio, project)
    images = sorted((project / cards.CARDS).glob("*.png"))
    published = set(site_pages(project)) - set(draft_pages(project))
    assert len(images) == len(first) == len(published)
    assert {size(path.read_bytes()) for path in images} == {(cards.WIDTH, cards.HEIGHT)}
    stamps = {path: path.stat().st_mtime_ns for path in images}
    assert cards.write_cards(portfolio, project) == first  # nothing changed: nothing drawn
    assert {path: path.stat().st_mtime_ns for path in images} == stamps
    paper = portfolio.publications.papers[0]
    words = " ".join(paper.title.split()[:3])
    replace_in(project / "data" / "publications.yml", words, "Renamed: " + words)
    after = cards.write_cards(load_portfolio(project / "data"), project)
    page = f"research/{paper.id}/index.ipynb"
    assert after[page] != first[page] and len(list((project / cards.CARDS).glob("*.png"))) == len(
        images
    )
    unchanged = [key for key in first if key != page]
    assert all(after[key] == first[key] for key in unchanged)


def test_card_metadata_points_from_the_page_to_its_card_and_keeps_text(project, other):
    meta = cards.write_cards(other, project)
    write_page_metadata(other, project, meta)
    research = yaml.safe_load((project / metadata_file("research/index.qmd")).read_text())
    image = research["open-graph"]["image"]
    assert image.startswith("../assets/cards/research-") and image.endswith(".png")
    assert (project / "research" / image).resolve().is_file()
    assert research["twitter-card"]["card-style"] == "summary_large_image"
    home = yaml.safe_load((project / metadata_file("index.qmd")).read_text())
    assert home["open-graph"]["image-alt"].startswith(other.profile.headline)  # as written
    assert home["open-graph"]["image-alt"] == home["twitter-card"]["image-alt"]


def test_an_authors_own_folder_metadata_is_left_alone(project, portfolio):
    post = next(page for page in site_pages(project) if "blog/posts/" in page.as_posix())
    own = post.parent / "_metadata.yml"
    own.write_text("image: my-own.png\n", encoding="utf-8")
    write_page_metadata(portfolio, project, cards.write_cards(portfolio, project))
    assert own.read_text(encoding="utf-8") == "image: my-own.png\n"


def _twitter_card(page: str) -> str | None:
    meta = Page(page).find("meta", name="twitter:card")
    return None if meta is None else meta.get("content")


def test_every_rendered_page_previews_with_its_card(rendered_project, rendered_site):
    base = site_url(rendered_project)
    assert base and base.startswith("https://")
    seen = set()
    for page in html_pages(rendered_site):
        text = (rendered_site / page).read_text(encoding="utf-8")
        data = extruct.extract(text, base_url=base + page, syntaxes=["opengraph"], uniform=True)
        og = data["opengraph"][0] if data["opengraph"] else {}
        image = og.get("og:image", "")
        assert image.startswith(base + "assets/cards/"), (page, image)
        assert (og.get("og:image:width"), og.get("og:image:height")) == ("1200", "630"), page
        assert og.get("og:image:alt") and og.get("og:title"), page
        assert _twitter_card(text) == "summary_large_image", page
        card = rendered_site / urlsplit(image).path.removeprefix(urlsplit(base).path)
        assert size(card.read_bytes()) == (1200, 630), page
        seen.add(card.name)
    assert len(seen) == len(html_pages(rendered_site))  # one card per page
    assert os.sep not in "".join(seen)
