"""What a reader meets first, on the real render: one title per page, content before
provenance, contact links where they are given, the site's own font (issue 17)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import extruct
from fontTools.ttLib import TTFont
from helpers import read_page

from portfolio.build.assets import FONTS
from portfolio.build.pagemeta import SECTION_PAGES
from portfolio.build.postrender import TEXT_WEIGHTS, site_characters
from portfolio.pages.fragments import link_target, section_title
from portfolio.verify.sitecheck import html_pages


@dataclass
class _Page:
    """Headings, navbar labels, footer text, links with ``rel`` and the head's preloads."""

    headings: list[tuple[str, str]]
    nav: list[str]
    footer: str
    rel_me: list[str]
    preloads: list[str]


def _parse(site: Path, page: str) -> _Page:
    parsed = read_page(site / page)
    navbars = [nav for nav in parsed.find_all("nav") if "navbar" in nav.classes]
    return _Page(
        headings=[
            (heading.name, " ".join(parsed.text(heading, separator="").split()))
            for heading in parsed.elements
            if heading.name in ("h1", "h2")
        ],
        nav=[text.strip() for nav in navbars for text in parsed.strings(nav) if text.strip()],
        footer="".join(parsed.text(footer, separator="") for footer in parsed.find_all("footer")),
        rel_me=[
            link.get("href") or ""
            for link in parsed.find_all("a")
            if "me" in (link.get("rel") or "").split()
        ],
        preloads=[link.get("href") or "" for link in parsed.find_all("link", rel="preload")],
    )


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
