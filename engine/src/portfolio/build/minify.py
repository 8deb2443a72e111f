"""Quarto's own scripts, minified: Quarto ships ``quarto.js``, ``quarto-search.js``,
``quarto-nav.js`` and others as written, comments and indentation included, and every page
loads them (about 9 KB gzipped of a page's 150 KB budget).

rjsmin removes comments and whitespace only (no renaming, strings and template literals
kept as they are), so the scripts behave as Quarto wrote them; a file whose name says it
is minified already is left alone. Minifying is stable: a second pass changes nothing, so
a preview's repeated post-render rewrites no file.
"""

from __future__ import annotations

from pathlib import Path

import rjsmin

from portfolio.build.files import write_if_changed

LIBRARIES = "site_libs"


def minify_scripts(site: Path) -> list[Path]:
    """Minify every script under the site's ``site_libs`` not minified yet; return those
    rewritten."""
    changed = []
    for script in sorted((site / LIBRARIES).rglob("*.js")):
        if ".min." in script.name:
            continue
        text = script.read_text(encoding="utf-8")
        smaller = rjsmin.jsmin(text)
        if smaller != text:
            changed.append(write_if_changed(script, smaller))
    return changed
