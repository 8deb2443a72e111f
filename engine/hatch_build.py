"""Wheel build hook: put the browser files the engine serves into ``resources/vendor/``.

plotly.js (``plotly.js-basic-dist-min``) and the Inter font (``@fontsource-variable/inter``)
come from npm (``package.json`` pins them; run ``npm ci`` in this folder first). The wheel
carries them, so a site needs Python and Quarto, not Node.js. An editable install without
them (Binder's, which only runs the notebooks) says so and goes on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: The file in the wheel (``resources/vendor/<name>``) and where npm installs it.
VENDOR_FILES = {
    "plotly-basic.min.js": "plotly.js-basic-dist-min/plotly-basic.min.js",
    "inter-latin.woff2": "@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
    "inter-latin-ext.woff2": "@fontsource-variable/inter/files/inter-latin-ext-wght-normal.woff2",
}


class VendorHook(BuildHookInterface):
    """Copy the npm files into the package before it is built (wheel and editable)."""

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        vendor = root / "src" / "portfolio" / "resources" / "vendor"
        vendor.mkdir(parents=True, exist_ok=True)
        for name, source in VENDOR_FILES.items():
            installed = root / "node_modules" / source
            if installed.is_file():
                shutil.copyfile(installed, vendor / name)
            elif not (vendor / name).is_file():
                message = f"{installed} is missing: run `npm ci` in {root} first"
                if version != "editable":
                    raise FileNotFoundError(f"{message}: a wheel must carry it")
                self.app.display_warning(f"{message}; the site cannot render without it")
