"""The render a step runs for, read once from the environment Quarto gives it.

Quarto runs the pre- and post-render steps with ``QUARTO_PROJECT_DIR``,
``QUARTO_PROJECT_OUTPUT_DIR`` and, when it renders the whole project,
``QUARTO_PROJECT_RENDER_ALL=1``; ``portfolio preview`` adds ``PORTFOLIO_PREVIEW=1`` for
Quarto and its steps. ``build_context`` reads them into a ``BuildContext``, which each step
hands to what it runs; no other module of the build reads the environment.

What kind of render it is decides what a step does. A render of the whole site for
publishing leaves drafts out (``portfolio.build.drafts``). A preview shows drafts and skips
what only serves published pages and would slow every edit or stop the preview's reload: the
Content-Security-Policy (it would block the live-reload script Quarto injects), the charts'
static first frames and the CSS purge.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from portfolio.project.links import project_root

#: Set by ``portfolio preview`` for Quarto and the steps it runs.
PREVIEW_ENV = "PORTFOLIO_PREVIEW"
#: Where Quarto writes the site when ``project.output-dir`` does not say.
DEFAULT_OUTPUT = "_site"
#: The project's cache folder (Quarto's own, not committed): the steps keep theirs in it.
CACHE = Path(".quarto")
#: Where the pre-render step writes the section pages' text (``portfolio.build.sections``).
SECTION_TEXT = Path("_generated", "pages")
#: The post-render step's folder in the cache (Quarto's originals, cut fonts, chart frames).
POSTRENDER_CACHE = "portfolio-postrender"


@dataclass(frozen=True)
class BuildContext:
    """The project, its rendered site and the kind of render."""

    #: The project's folder (``QUARTO_PROJECT_DIR``, else the nearest ``_quarto.yml``).
    project: Path
    #: The rendered site (``QUARTO_PROJECT_OUTPUT_DIR`` under the project, else ``_site``).
    site: Path
    #: The render is one of ``portfolio preview``'s.
    preview: bool = False
    #: Quarto renders every page of the project (``quarto render``), not one page.
    render_all: bool = False

    @property
    def cache(self) -> Path:
        """The project's cache folder, where each step keeps what it may reuse."""
        return self.project / CACHE

    @property
    def full_render(self) -> bool:
        """Quarto renders the whole project for publishing (not one page, not a preview)."""
        return self.render_all and not self.preview


def build_context(
    environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> BuildContext:
    """The context a step runs in, from ``environ`` (default: this process's environment);
    the project is found from ``cwd`` (default: the working folder) when Quarto names none.
    Raises ``LinkError`` when there is no project."""
    env = os.environ if environ is None else environ
    folder = env.get("QUARTO_PROJECT_DIR")
    project = Path(folder) if folder else project_root(cwd or Path.cwd())
    return BuildContext(
        project=project,
        site=project / (env.get("QUARTO_PROJECT_OUTPUT_DIR") or DEFAULT_OUTPUT),
        preview=env.get(PREVIEW_ENV) == "1",
        render_all=env.get("QUARTO_PROJECT_RENDER_ALL") == "1",
    )
