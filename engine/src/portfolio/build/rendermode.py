"""What kind of render this is: a render of the whole site for publishing, or one of
``portfolio preview``'s (which sets ``PORTFOLIO_PREVIEW`` for Quarto and its steps).

A preview shows drafts (``portfolio.build.drafts``) and skips the post-render steps that
only serve published pages and would slow every edit or stop the preview's reload: the
Content-Security-Policy (it would block the live-reload script Quarto injects), the charts'
static first frames and the CSS purge.
"""

from __future__ import annotations

import os

#: Set by ``portfolio preview`` for Quarto and the steps it runs.
PREVIEW_ENV = "PORTFOLIO_PREVIEW"


def in_preview() -> bool:
    """The render is one of ``portfolio preview``'s."""
    return os.environ.get(PREVIEW_ENV) == "1"


def full_render() -> bool:
    """Quarto is rendering the whole project for publishing (not one page, not a preview)."""
    return os.environ.get("QUARTO_PROJECT_RENDER_ALL") == "1" and not in_preview()
