"""Put the engine's files a site serves and builds with in place in the site.

- ``theme/``, ``assets/`` and ``schemas/``: the engine's theme, page scripts and JSON
  Schemas (``portfolio.project.engine``), each replaced by the site's override when it has
  one; generated files, ignored by git, written anew at every render, so an upgrade of the
  engine reaches the site without touching a file the author wrote;
- ``assets/plotly/plotly-basic.min.js``: plotly.js (carried by the engine, from npm), with
  V8's compile hint (``//# allFunctionsCalledOnLoad``) as its first line: a chart page
  calls most of plotly.js as soon as it arrives, so Chromium compiles it while it
  downloads, off the main thread, instead of function by function while the page waits
  (other browsers read a comment);
- ``templates.json``: the light and dark chart templates of ``portfolio.charts.theme``, which
  ``assets/plotly/charts.js`` applies to follow the page's colour scheme;
- ``assets/fonts/``: the site's typeface, Inter, as variable WOFF2 files (npm
  ``@fontsource-variable/inter``: Latin and Latin Extended), which ``theme/site.css``
  declares; the post-render step cuts them to the glyphs the site uses.

The pre-render step runs them all; by hand::

    python -m portfolio.build.assets [SITE_ROOT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from portfolio.build.files import write_if_changed
from portfolio.exceptions import run_step
from portfolio.project.engine import (
    RESOURCES,
    SITE_FOLDERS,
    EngineFileError,
    engine_files,
    site_file,
)

VENDOR = RESOURCES / "vendor"
TARGET = Path("assets", "plotly", "plotly-basic.min.js")
TEMPLATES = Path("assets", "plotly", "templates.json")
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
#: The site's font files (``assets/fonts/<name>``), carried by the engine under ``vendor/``.
FONT_FILES = ("inter-latin.woff2", "inter-latin-ext.woff2")
FONTS = Path("assets", "fonts")


class AssetError(EngineFileError):
    """A file the engine serves is missing: the engine was installed without it."""


def vendor_file(name: str) -> Path:
    """A browser file the engine carries (``vendor/<name>``)."""
    path = VENDOR / name
    if not path.is_file():
        raise AssetError(
            f"the engine has no {name} (looked in {VENDOR}): install it from its wheel; "
            "from its source, run `npm ci` in engine/ and reinstall it (pip install -e engine)"
        )
    return path


def font_sources() -> dict[str, Path]:
    """The Inter files, by the name the site gives them."""
    return {name: vendor_file(name) for name in FONT_FILES}


def copy_fonts(site_root: Path) -> list[Path]:
    """Copy the font files to ``SITE_ROOT/assets/fonts/`` (where they differ); return them."""
    return [
        write_if_changed(Path(site_root) / FONTS / name, source.read_bytes())
        for name, source in font_sources().items()
    ]


def copy_plotly(site_root: Path) -> Path:
    """Copy the bundle, compile hint first, to ``SITE_ROOT/assets/plotly/`` (if it differs)."""
    bundle = COMPILE_HINT + vendor_file(TARGET.name).read_bytes()
    return write_if_changed(Path(site_root) / TARGET, bundle)


def copy_engine_files(site_root: Path) -> list[Path]:
    """Write the engine's theme, page scripts and schemas into the site (each the site's
    override where it has one), each folder with a ``.gitignore`` naming what the engine
    wrote; return the files written or already current."""
    root = Path(site_root)
    written = [
        write_if_changed(root / relative, site_file(relative, root).read_bytes())
        for relative in engine_files(SITE_FOLDERS)
    ]
    return written + [_ignore_file(root / folder, written) for folder in SITE_FOLDERS]


#: The first line of a ``.gitignore`` the engine writes (one it did not write is left alone).
IGNORE_MARK = "# Written by the portfolio engine at each render: not the site's own files.\n"
#: Generated folders under ``assets/`` besides the engine's files.
GENERATED_ASSETS = ("/plotly/", "/fonts/", "/cards/")


def _ignore_file(folder: Path, written: list[Path]) -> Path:
    """``FOLDER/.gitignore`` listing the engine's files in it (and, in ``assets/``, the
    generated folders), so git never tracks them and the site's own files stay tracked."""
    names = sorted(
        f"/{path.relative_to(folder).as_posix()}" for path in written if path.is_relative_to(folder)
    )
    extra = GENERATED_ASSETS if folder.name == "assets" else ()
    target = folder / ".gitignore"
    if target.is_file() and not target.read_text(encoding="utf-8").startswith(IGNORE_MARK):
        return target
    text = IGNORE_MARK + "".join(f"{name}\n" for name in [*extra, *names, "/.gitignore"])
    return write_if_changed(target, text)


def write_templates(site_root: Path) -> Path:
    """Write both chart templates as ``{"light": ..., "dark": ...}`` JSON; return the path."""
    from portfolio.charts.theme import template_json  # plotly is only needed for this file

    templates = {mode: template_json(mode) for mode in ("light", "dark")}
    text = json.dumps(templates, sort_keys=True, separators=(",", ":"))
    return write_if_changed(Path(site_root) / TEMPLATES, text)


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m portfolio.build.assets [SITE_ROOT]`` (default: the working folder);
    an expected failure (``PortfolioError``) is reported in one line."""
    args = sys.argv[1:] if argv is None else argv
    return run_step("assets", lambda: _write(Path(args[0] if args else Path.cwd())))


def _write(root: Path) -> int:
    written = [
        *copy_engine_files(root),
        copy_plotly(root),
        *copy_fonts(root),
        write_templates(root),
    ]
    print(f"engine files ready: {len(written)} in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
