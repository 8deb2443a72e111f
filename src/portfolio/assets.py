"""Put the site's own copy of plotly.js in place (``assets/plotly/``), from ``npm ci``.

The bundle is third-party code, so it is not committed: ``npm ci`` installs it under
``node_modules/`` and this copies it into the site. Quarto runs it as a pre-render step::

    python -m portfolio.assets [SITE_ROOT]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

PACKAGE = "plotly.js-basic-dist-min"
BUNDLE = Path("node_modules", PACKAGE, "plotly-basic.min.js")
TARGET = Path("assets", "plotly", "plotly-basic.min.js")


class AssetError(RuntimeError):
    """A site asset is missing and cannot be put in place."""


def find_bundle(start: Path) -> Path:
    """The installed plotly.js bundle in ``start``'s ``node_modules`` or a parent's."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / BUNDLE).is_file():
            return folder / BUNDLE
    raise AssetError(
        f"{BUNDLE} not found in {start} or above: run `npm ci` in the repository root "
        f"(package.json pins {PACKAGE})"
    )


def copy_plotly(site_root: Path | None = None, npm_root: Path | None = None) -> Path:
    """Copy the bundle to ``SITE_ROOT/assets/plotly/`` (skipped when already identical).

    ``site_root`` defaults to Quarto's ``$QUARTO_PROJECT_DIR``, else the working folder;
    the bundle is looked for where ``npm ci`` ran: ``npm_root`` (default: ``site_root``)
    or a folder above it.
    """
    root = Path(site_root or os.environ.get("QUARTO_PROJECT_DIR") or Path.cwd())
    source, target = find_bundle(npm_root or root), root / TARGET
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m portfolio.assets [SITE_ROOT]``."""
    args = sys.argv[1:] if argv is None else argv
    try:
        target = copy_plotly(Path(args[0]) if args else None)
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"plotly.js ready: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
