"""Headless Chromium from the system package (Debian's ``/usr/bin/chromium``), driven by
Playwright: the post-render step draws the charts' first frames with it, and the site
checks (``portfolio.verify.browser``) visit pages with it. No browser is ever downloaded."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("PORTFOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright):
    """Start headless Chromium from the system package (never a downloaded build)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
