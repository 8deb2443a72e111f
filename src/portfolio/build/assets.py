"""Put the chart assets the site serves in place (``assets/plotly/``).

- ``plotly-basic.min.js``: plotly.js, third-party code, so not committed: ``npm ci``
  installs it under ``node_modules/`` and this copies it into the site, with V8's compile
  hint (``//# allFunctionsCalledOnLoad``) as its first line: a chart page calls most of
  plotly.js as soon as it arrives, so Chromium compiles it while it downloads, off the
  main thread, instead of function by function while the page waits (other browsers read
  a comment);
- ``templates.json``: the light and dark chart templates of ``portfolio.charts.theme``, which
  ``assets/plotly/charts.js`` applies to follow the page's colour scheme;
- ``assets/fonts/``: the site's typeface, Inter, as variable WOFF2 files from npm
  (``@fontsource-variable/inter``: Latin and Latin Extended), which ``theme/site.css``
  declares; the post-render step cuts them to the glyphs the site uses.

The pre-render step runs both; by hand::

    python -m portfolio.build.assets [SITE_ROOT]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from portfolio.build.files import write_if_changed

PACKAGE = "plotly.js-basic-dist-min"
BUNDLE = Path("node_modules", PACKAGE, "plotly-basic.min.js")
TARGET = Path("assets", "plotly", "plotly-basic.min.js")
TEMPLATES = Path("assets", "plotly", "templates.json")
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
FONT_PACKAGE = "@fontsource-variable/inter"
#: The site's font files (``assets/fonts/<name>``) and their files in the npm package.
FONT_FILES = {
    "inter-latin.woff2": "inter-latin-wght-normal.woff2",
    "inter-latin-ext.woff2": "inter-latin-ext-wght-normal.woff2",
}
FONTS = Path("assets", "fonts")


class AssetError(RuntimeError):
    """A site asset is missing and cannot be put in place."""


def find_installed(start: Path, path: Path, package: str) -> Path:
    """``path`` (under ``node_modules``) in ``start``'s ``node_modules`` or a parent's."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / path).is_file():
            return folder / path
    raise AssetError(
        f"{path} not found in {start} or above: run `npm ci` in the repository root "
        f"(package.json pins {package})"
    )


def find_bundle(start: Path) -> Path:
    """The installed plotly.js bundle in ``start``'s ``node_modules`` or a parent's."""
    return find_installed(start, BUNDLE, PACKAGE)


def font_sources(start: Path) -> dict[str, Path]:
    """The installed Inter files, by the name the site gives them."""
    files = Path("node_modules", FONT_PACKAGE, "files")
    return {
        name: find_installed(start, files / source, FONT_PACKAGE)
        for name, source in FONT_FILES.items()
    }


def copy_fonts(site_root: Path, npm_root: Path | None = None) -> list[Path]:
    """Copy the font files to ``SITE_ROOT/assets/fonts/`` (where they differ); return them."""
    sources = font_sources(npm_root or site_root).items()
    return [write_if_changed(Path(site_root) / FONTS / n, s.read_bytes()) for n, s in sources]


def copy_plotly(site_root: Path | None = None, npm_root: Path | None = None) -> Path:
    """Copy the bundle, compile hint first, to ``SITE_ROOT/assets/plotly/`` (if it differs).

    ``site_root`` defaults to Quarto's ``$QUARTO_PROJECT_DIR``, else the working folder;
    the bundle is looked for where ``npm ci`` ran: ``npm_root`` (default: ``site_root``)
    or a folder above it.
    """
    root = Path(site_root or os.environ.get("QUARTO_PROJECT_DIR") or Path.cwd())
    bundle = COMPILE_HINT + find_bundle(npm_root or root).read_bytes()
    return write_if_changed(root / TARGET, bundle)


def write_templates(site_root: Path) -> Path:
    """Write both chart templates as ``{"light": ..., "dark": ...}`` JSON; return the path."""
    from portfolio.charts.theme import template_json  # plotly is only needed for this file

    templates = {mode: template_json(mode) for mode in ("light", "dark")}
    text = json.dumps(templates, sort_keys=True, separators=(",", ":"))
    return write_if_changed(Path(site_root) / TEMPLATES, text)


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m portfolio.build.assets [SITE_ROOT]``."""
    args = sys.argv[1:] if argv is None else argv
    try:
        target = copy_plotly(Path(args[0]) if args else None)
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    templates = write_templates(target.parents[2])
    print(f"plotly.js ready: {target}; templates: {templates}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
