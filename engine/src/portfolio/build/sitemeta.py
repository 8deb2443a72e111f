"""Site-wide Quarto metadata generated from the data (``_portfolio.yml``, not committed):
title, description and the page footer (the person's name and headline, and their contact
links); and, when they are known (``portfolio.project.links``), the site and repository URLs
with what needs them: the repository links of every page and the blog feed's navbar icon.

No ``author``: Quarto would show an author block on every page. Paper pages name their
authors in their own front matter.

Math is shown as plain text (``html-math-method: plain``): pandoc reads ``$x$`` in metadata
that Quarto writes as it is (a card's ``image-alt``, a paper's ``citation``) as math, and
Quarto would then load MathJax from a CDN, which the pages' Content-Security-Policy blocks
anyway. A page that needs math sets its own method (served from the site).
"""

from __future__ import annotations

from pathlib import Path

from portfolio.data.models import Profile
from portfolio.pages.fragments import contact_list
from portfolio.pages.markdown import esc
from portfolio.pages.metadata import Verbatim, metadata_yaml
from portfolio.project.links import repo_settings, site_url

FILENAME = "_portfolio.yml"
HEADER = "# Generated from data/profile.yml by the pre-render step; do not edit.\n"
FEED = "blog/index.xml"
FEED_ITEM = {"icon": "rss", "href": FEED, "aria-label": "Blog RSS feed"}


def page_footer(profile: Profile) -> dict[str, Verbatim]:
    """The footer every page shows: who this is, and how to reach them (when given)."""
    footer = {"left": Verbatim(f"{esc(profile.name)} · {esc(profile.headline)}")}
    links = contact_list(profile, ".footer-contact")
    return footer | ({"right": Verbatim(links)} if links else {})


def link_settings(root: Path | None) -> dict:
    """``site-url`` (with the feed's navbar icon: Quarto makes a feed only with it) and
    ``repo-url`` (with the pages' source and issue links), each only when known."""
    if root is None:
        return {}
    settings: dict = {}
    if url := site_url(root):
        settings |= {"site-url": Verbatim(url), "navbar": {"right": [FEED_ITEM]}}
    if repo := repo_settings(root):
        settings |= {
            "repo-url": Verbatim(repo.url),
            "repo-branch": Verbatim(repo.branch),
            "repo-actions": ["source", "issue"],
        }
    return settings


def site_metadata(profile: Profile, root: Path | None = None, preview: bool = False) -> dict:
    """The metadata Quarto merges into ``_quarto.yml`` (listed under ``metadata-files``);
    with ``root``, the project's site and repository URLs too; in a ``preview``, drafts
    are shown (``portfolio.build.drafts``)."""
    website = {
        "title": profile.name,
        "description": profile.headline,
        "page-footer": page_footer(profile),
    }
    shown = {"draft-mode": "visible"} if preview else {}
    return {"website": website | link_settings(root) | shown, "html-math-method": "plain"}


def site_metadata_text(profile: Profile, root: Path | None = None, preview: bool = False) -> str:
    """The file's text: a header saying where it comes from, then the YAML."""
    return HEADER + metadata_yaml(site_metadata(profile, root, preview))
