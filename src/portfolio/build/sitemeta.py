"""Site-wide Quarto metadata generated from the data (``_portfolio.yml``): title, description
and the page footer (the person's name and headline, and their contact links).

No ``author``: Quarto would show an author block on every page. Paper pages name their
authors in their own front matter.
"""

from __future__ import annotations

from portfolio.data.models import Profile
from portfolio.pages.fragments import contact_list
from portfolio.pages.markdown import esc
from portfolio.pages.metadata import Verbatim, metadata_yaml

FILENAME = "_portfolio.yml"
HEADER = "# Generated from data/profile.yml by the pre-render step; do not edit.\n"


def page_footer(profile: Profile) -> dict[str, Verbatim]:
    """The footer every page shows: who this is, and how to reach them (when given)."""
    footer = {"left": Verbatim(f"{esc(profile.name)} · {esc(profile.headline)}")}
    links = contact_list(profile, ".footer-contact")
    return footer | ({"right": Verbatim(links)} if links else {})


def site_metadata(profile: Profile) -> dict:
    """The metadata Quarto merges into ``_quarto.yml`` (listed under ``metadata-files``)."""
    return {
        "website": {
            "title": profile.name,
            "description": profile.headline,
            "page-footer": page_footer(profile),
        },
    }


def site_metadata_text(profile: Profile) -> str:
    """The file's text: a header saying where it comes from, then the YAML."""
    return HEADER + metadata_yaml(site_metadata(profile))
