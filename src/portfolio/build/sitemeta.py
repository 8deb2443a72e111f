"""Site-wide Quarto metadata generated from the data (``_portfolio.yml``): title, description.

No ``author``: Quarto would show an author block on every page. Paper pages name their
authors in their own front matter.
"""

from __future__ import annotations

from portfolio.data.models import Profile
from portfolio.pages.metadata import metadata_yaml

FILENAME = "_portfolio.yml"
HEADER = "# Generated from data/profile.yml by the pre-render step; do not edit.\n"


def site_metadata(profile: Profile) -> dict:
    """The metadata Quarto merges into ``_quarto.yml`` (listed under ``metadata-files``)."""
    return {
        "website": {"title": profile.name, "description": profile.headline},
    }


def site_metadata_text(profile: Profile) -> str:
    """The file's text: a header saying where it comes from, then the YAML."""
    return HEADER + metadata_yaml(site_metadata(profile))
