"""Social cards: a 1200 x 630 PNG for every page (its ``og:image``), drawn from the data.

Each card shows what the page is and its own title (a paper's venue and year, a post's
date) above the person's name and headline. Typst draws it (``templates/card.typ``) with the
site's typeface, Inter from npm (its WOFF2 files unpacked to TrueType once, into
``.quarto/portfolio-cards/``), and writes PNG; the data reaches the template only as JSON
in ``sys.inputs``, so no value can become Typst markup.

A card's file name holds the hash of what it is drawn from (template, card, fonts, Typst's
version), so the pre-render step, which runs before every render and preview, draws only
the cards whose page changed, and a changed card gets a new URL (social sites cache
images by URL). Cards of pages that are gone are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import typst
from fontTools.ttLib import TTFont

from portfolio.build.assets import font_sources
from portfolio.build.context import CACHE
from portfolio.build.pagemeta import SECTION_PAGES
from portfolio.data.facts import venue_title
from portfolio.data.models import Portfolio
from portfolio.exceptions import PortfolioError
from portfolio.pages.fragments import section_title
from portfolio.pages.markdown import plain
from portfolio.pages.metadata import Verbatim
from portfolio.project.engine import resource, site_file
from portfolio.project.sources import front_matter, site_pages

TEMPLATE = resource("templates/card.typ")
CARDS = Path("assets", "cards")
FONT_CACHE = CACHE / "portfolio-cards"
WIDTH, HEIGHT = 1200, 630
#: Typst measures the page in points; at 72 pixels per inch a point is a pixel.
PPI = 72
#: The family name the Latin Extended file takes, so Typst falls back to it per glyph.
EXTENDED_FAMILY = "Inter Latin Ext"


class CardError(PortfolioError):
    """A card could not be drawn (Typst's error in the template)."""


@dataclass(frozen=True)
class Card:
    """What one page's card shows; every value is plain text."""

    page: str
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    footer: tuple[str, str] | None = None

    @property
    def slug(self) -> str:
        """The page as a file name: ``research/x/index.ipynb`` -> ``research-x``."""
        path = PurePosixPath(self.page).with_suffix("")
        parts = path.parts[:-1] if path.name == "index" and len(path.parts) > 1 else path.parts
        return "-".join(parts)

    def alt(self) -> str:
        """The image's text alternative: everything the card says, in reading order."""
        parts = [self.kicker, self.title, self.subtitle, *(self.footer or ())]
        return " · ".join(part for part in parts if part)


def _section_titles(portfolio: Portfolio) -> dict[str, str]:
    """Section pages titled by a profile section (``pagemeta.SECTION_PAGES``)."""
    return {
        page: section_title(portfolio.profile, entry.section)
        for page, entry in SECTION_PAGES.items()
        if entry.section
    }


def page_card(portfolio: Portfolio, root: Path, page: Path) -> Card | None:
    """The card of one page (None for a draft post)."""
    profile = portfolio.profile
    footer = (profile.name, profile.headline)
    relative = page.relative_to(root).as_posix()
    parts = PurePosixPath(relative).parts
    papers = {paper.id: paper for paper in portfolio.publications.papers}
    if relative == "index.qmd":
        return Card(relative, profile.name, profile.headline, profile.tagline)
    if relative in (sections := _section_titles(portfolio)):
        return Card(relative, sections[relative], footer=footer)
    if parts[0] == "research" and len(parts) == 3 and parts[1] in papers:
        paper = papers[parts[1]]
        return Card(relative, paper.title, "Paper", f"{venue_title(paper)}, {paper.year}", footer)
    meta = front_matter(page)
    if meta.get("draft"):
        return None
    title = plain(meta.get("title") or meta.get("pagetitle")) or page.stem
    if parts[0] == "blog":
        day = meta.get("date")
        return Card(relative, title, "Blog", _long_date(day) if day else None, footer)
    return Card(relative, title, footer=footer)


def _long_date(day: object) -> str:
    text = str(day)
    try:
        return f"{date.fromisoformat(text[:10]):%-d %B %Y}"
    except ValueError:
        return text


def site_cards(portfolio: Portfolio, root: Path) -> list[Card]:
    """The card of every page the project renders."""
    cards = (page_card(portfolio, root, page) for page in site_pages(root))
    return [card for card in cards if card]


def card_fonts(root: Path) -> Path:
    """A folder with Inter as TrueType (Typst reads no WOFF2), made once per font version."""
    sources = font_sources()
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources.values()))
    folder = root / FONT_CACHE / digest.hexdigest()[:12]
    if not folder.is_dir():
        folder.mkdir(parents=True)
        for name, source in sources.items():
            font = TTFont(source)
            font.flavor = None
            if "ext" in name:
                _rename(font, EXTENDED_FAMILY)
            font.save(folder / Path(name).with_suffix(".ttf"))
    return folder


def _rename(font: TTFont, family: str) -> None:
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")


def render_card(card: Card, fonts: Path, template: Path = TEMPLATE) -> bytes:
    """The card as PNG bytes, ``WIDTH`` x ``HEIGHT`` pixels."""
    inputs = {"card": json.dumps(asdict(card), ensure_ascii=False)}
    try:
        return typst.compile(
            template,
            root=template.parent,
            sys_inputs=inputs,
            format="png",
            ppi=PPI,
            font_paths=[str(fonts)],
            ignore_system_fonts=True,
        )
    except typst.TypstError as exc:
        raise CardError(
            f"{template}: Typst could not draw the card of {card.page}: {exc}"
        ) from None


def _digest(card: Card, fonts: Path, template: Path) -> str:
    content = json.dumps([asdict(card), typst.__version__, fonts.name], ensure_ascii=False)
    return hashlib.sha256(template.read_bytes() + content.encode()).hexdigest()[:12]


def write_cards(
    portfolio: Portfolio, root: Path, template: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Draw the card of every page into ``assets/cards/`` (unless it is there already) and
    remove the cards of pages that are gone; return each page's card metadata, by page.
    The template is the site's override (``overrides/templates/card.typ``), else the
    engine's."""
    template = template or site_file("templates/card.typ", root)
    fonts = card_fonts(root)
    folder = root / CARDS
    folder.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, Path] = {}
    metadata: dict[str, dict[str, Any]] = {}
    for card in site_cards(portfolio, root):
        path = folder / f"{card.slug}-{_digest(card, fonts, template)}.png"
        if not path.is_file():
            path.write_bytes(render_card(card, fonts, template))
        drawn[card.page] = path
        metadata[card.page] = card_metadata(card.page, path.relative_to(root), card.alt(), root)
    for stale in set(folder.glob("*.png")) - set(drawn.values()):
        stale.unlink()
    return metadata


def card_metadata(page: str, image: Path, alt: str, root: Path) -> dict[str, Any]:
    """The page's Open Graph and Twitter card image, as Quarto metadata: the image's path
    relative to the page (Quarto makes it absolute from ``site-url`` and reads its size)."""
    relative = os.path.relpath(root / image, (root / page).parent)
    tags = {"image": Verbatim(Path(relative).as_posix()), "image-alt": alt}
    return {
        "open-graph": tags,
        "twitter-card": tags | {"card-style": Verbatim("summary_large_image")},
    }
