"""What a reader meets first, on the real render: one title per page, content before
provenance, contact links where they are given, the site's own font (issue 17)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import extruct
from fontTools.ttLib import TTFont

from portfolio.build.assets import FONTS
from portfolio.build.pagemeta import SECTION_PAGES
from portfolio.build.postrender import TEXT_WEIGHTS, site_characters
from portfolio.pages.fragments import link_target, section_title
from portfolio.verify.sitecheck import html_pages


class _Page(HTMLParser):
    """Headings, navbar labels, footer text, links with ``rel`` and the head's preloads."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.nav: list[str] = []
        self.footer = ""
        self.rel_me: list[str] = []
        self.preloads: list[str] = []
        self._heading: str | None = None
        self._text = ""
        self._in = {"nav": 0, "footer": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h1", "h2"):
            self._heading, self._text = tag, ""
        if tag == "nav" and "navbar" in (found.get("class") or ""):
            self._in["nav"] += 1
        if tag == "footer":
            self._in["footer"] += 1
        if tag == "a" and "me" in (found.get("rel") or "").split():
            self.rel_me.append(found.get("href") or "")
        if tag == "link" and found.get("rel") == "preload":
            self.preloads.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join(self._text.split())))
            self._heading = None
        if tag == "footer" and self._in["footer"]:
            self._in["footer"] -= 1

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text += data
        if self._in["nav"] and data.strip() and self._in["footer"] == 0:
            self.nav.append(data.strip())
        if self._in["footer"]:
            self.footer += data


def _parse(site: Path, page: str) -> _Page:
    parser = _Page()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def test_section_pages_say_their_title_once_from_the_data(rendered_site, portfolio):
    for source, entry in SECTION_PAGES.items():
        if not entry.section:
            continue
        page = _parse(rendered_site, source.replace(".qmd", ".html"))
        title = section_title(portfolio.profile, entry.section)
        assert [text for tag, text in page.headings if tag == "h1"] == [title], source
        assert [text for _, text in page.headings].count(title) == 1, source


def test_readers_meet_content_not_provenance(rendered_site):
    for page in html_pages(rendered_site):
        text = (rendered_site / page).read_text(encoding="utf-8")
        parsed = _parse(rendered_site, page)
        assert "data files" not in parsed.footer, page
        assert "Notebooks" not in parsed.nav, page
        if "Executed" in text:  # a notebook page: provenance only in its appendix, collapsed
            appendix = text[text.index('id="quarto-appendix"') :]
            assert text.index("Executed") > text.index('id="quarto-appendix"'), page
            assert re.search(r"<details>\s*<summary>\s*How this page was made", appendix), page
    press = (rendered_site / "press.html").read_text(encoding="utf-8")
    assert not re.search(r">\s*(Read|Watch)\b", press)  # nothing to read or watch is linked


def test_every_page_preloads_the_sites_own_font_cut_to_its_characters(rendered_site):
    for page in html_pages(rendered_site):
        preloads = _parse(rendered_site, page).preloads
        depth = page.count("/")
        assert preloads == ["../" * depth + f"{FONTS.as_posix()}/inter-latin.woff2"], page
    font = TTFont(rendered_site / FONTS / "inter-latin.woff2")
    assert font.flavor == "woff2" and font["fvar"].axes[0].axisTag == "wght"
    axis = font["fvar"].axes[0]
    assert (axis.minValue, axis.maxValue) == TEXT_WEIGHTS
    cmap = set(font.getBestCmap())
    drawn = {ord(char) for char in site_characters(rendered_site)}
    latin = {cp for cp in drawn if cp < 0x100 or 0x2000 <= cp < 0x2070}
    assert latin - {0x0A, 0x0D, 0x09} <= cmap | set(range(0x20))  # every Latin character drawn
    assert len(cmap) < 250  # cut: the full Latin file maps about 400


def test_their_contact_links_reach_hero_footer_and_json_ld(other_rendered_site, other):
    contact = other.profile.contact
    profiles = [contact.homepage, contact.linkedin, contact.github, contact.google_scholar]
    home = _parse(other_rendered_site, "index.html")
    assert sorted(set(home.rel_me)) == sorted(link_target(url) for url in profiles)
    about = _parse(other_rendered_site, "about.html")
    assert sorted(set(about.rel_me)) == sorted(set(home.rel_me))  # the footer, on every page
    text = (other_rendered_site / "index.html").read_text(encoding="utf-8")
    assert f'href="mailto:{contact.email}"' in text
    data = extruct.extract(text, syntaxes=["json-ld"], uniform=True)["json-ld"]
    person = next(item for item in data if item.get("@type") == "Person")
    assert person["sameAs"] == profiles and person["email"] == contact.email
    assert json.dumps(person).count("<script") == 0
