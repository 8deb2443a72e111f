"""One stylesheet on the critical path (run by the post-render step, after the purge).

Quarto links five stylesheets before the first paint: tooltips (``tippy.css``), syntax
highlighting, Bootstrap Icons, Bootstrap and the site's own (``theme/site.css``). On a
phone network each costs the page a round trip before it can paint. They are folded into
one file per colour scheme, in the cascade order the page gave them:

- the light bundle holds tooltips, light syntax highlighting, icons, light Bootstrap, then
  the site's rules;
- the dark bundle holds dark syntax highlighting, dark Bootstrap, then the site's rules
  again, so that in dark mode (Quarto layers dark on light) the site's rules still come last.

Each bundle is named by a hash of its content and every page links it where Quarto linked
Bootstrap, so Quarto's colour-scheme switch works as before; the folded links are removed,
with the one line of Quarto's page script that reaches for the syntax link (a page whose
script does not match keeps its syntax links). The sources stay in the site, so a page
rendered later (or a render without this step) still finds them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from portfolio.build.markup import MarkupNotFound, Page

FOLDER = Path("site_libs", "bootstrap")
#: The stylesheets folded in, by where Quarto copies them in the site (glob patterns).
BEFORE_LIGHT = (
    "site_libs/quarto-html/tippy.css",
    "site_libs/quarto-html/quarto-syntax-highlighting-*.css",
    "site_libs/bootstrap/bootstrap-icons.css",
)
BEFORE_DARK = ("site_libs/quarto-html/quarto-syntax-highlighting-dark-*.css",)
AFTER = ("theme/site.css",)
FOLDED = re.compile(r"tippy\.css|quarto-syntax-highlighting-.*\.css|bootstrap-icons\.css|site\.css")
#: The line of Quarto's page script that disables the extra syntax link.
SYNTAX_LINE = re.compile(
    r"\n[ \t]*document\.querySelector\('link#quarto-text-highlighting-styles"
    r"\.quarto-color-scheme-extra'\)\.rel = 'disabled-stylesheet';"
)
PREFIX = "portfolio-"
_BOOTSTRAP = re.compile(r"(?:bootstrap|portfolio)-(dark-)?[0-9a-f]*\.?(?:min\.)?css")
_URL = re.compile(r"""url\(\s*(["']?)(?![a-z]+:|/|#)([^"')?#]+)([^"')]*)\1\s*\)""")


def rebase_urls(css: str, source: Path, target: Path) -> str:
    """``css`` of the file ``source`` with its relative ``url()``s pointing from ``target``."""

    def rebase(match: re.Match[str]) -> str:
        moved = os.path.relpath(source.parent / match[2], target)
        return f'url("{Path(moved).as_posix()}{match[3]}")'

    return _URL.sub(rebase, css)


def _read(site: Path, patterns: tuple[str, ...], dark: bool = False) -> list[str]:
    """The text of the files ``patterns`` find in ``site`` (the dark ones, or the others),
    ``url()``s rebased to the bundles' folder."""
    folder = site / FOLDER
    return [
        rebase_urls(path.read_text(encoding="utf-8"), path, folder)
        for pattern in patterns
        for path in sorted(site.glob(pattern))
        if ("-dark-" in path.name) == dark
    ]


def _bootstrap(site: Path, dark: bool) -> Path | None:
    """Quarto's light or dark Bootstrap stylesheet in ``site``."""
    for path in sorted((site / FOLDER).glob("bootstrap-*.min.css")):
        if path.name.startswith("bootstrap-dark-") == dark:
            return path
    return None


def write_bundles(site: Path) -> dict[str, str]:
    """Write the light and dark bundles and remove earlier ones; return their file names by
    scheme (``light``, ``dark``). Empty when the site has no Bootstrap."""
    light, dark = _bootstrap(site, dark=False), _bootstrap(site, dark=True)
    if light is None:
        return {}
    after = _read(site, AFTER)
    light_parts = [*_read(site, BEFORE_LIGHT), light.read_text(encoding="utf-8"), *after]
    names = {"light": _write(site, "", light_parts)}
    if dark is not None:
        dark_css = dark.read_text(encoding="utf-8")
        names["dark"] = _write(site, "dark-", [*_read(site, BEFORE_DARK, True), dark_css, *after])
    for stale in (site / FOLDER).glob(f"{PREFIX}*.css"):
        if stale.name not in names.values():
            stale.unlink()
    return names


def _write(site: Path, kind: str, parts: list[str]) -> str:
    """Write ``parts`` as one bundle named by its content (unless it is there); its name."""
    css = "\n".join(parts)
    name = f"{PREFIX}{kind}{hashlib.sha256(css.encode()).hexdigest()[:16]}.min.css"
    path = site / FOLDER / name
    if not path.is_file():
        path.write_text(css, encoding="utf-8")
    return name


def edit_bundle_links(page: Page, names: dict[str, str]) -> None:
    """Point the page's Bootstrap links at the bundles and remove the folded links (its
    syntax links only if Quarto's script line that needs them is found). A page that links
    folded stylesheets but not Bootstrap raises ``MarkupNotFound``."""
    if not names:
        return
    found = 0
    for script in page.find_all("script"):
        for line in SYNTAX_LINE.finditer(page.inner(script)):
            page.replace(script.open_end + line.start(), script.open_end + line.end(), "")
            found += 1
    keep_syntax = found == 0 and "quarto-text-highlighting-styles" in page.source
    folded, relinked = [], False
    for link in page.find_all("link"):
        href = link.get("href") or ""
        name = href.rsplit("/", 1)[-1]
        bootstrap = _BOOTSTRAP.fullmatch(name) if href.endswith(".css") else None
        if FOLDED.fullmatch(name) and not (keep_syntax and "syntax" in name):
            folded.append(link)
        elif bootstrap and names.get("dark" if bootstrap[1] else "light"):
            bundle = names["dark" if bootstrap[1] else "light"]
            page.set_attribute(link, "href", href[: len(href) - len(name)] + bundle)
            relinked = True
    if folded and not relinked:
        raise MarkupNotFound("no Bootstrap stylesheet link to fold the page's stylesheets into")
    for link in folded:
        page.remove(link, newline="after")
