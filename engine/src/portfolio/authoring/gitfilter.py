"""Keep notebook outputs out of a site's git: nbstripout as the clean filter of ``*.ipynb``.

Quarto writes outputs into every notebook it executes; with this filter git stores them
stripped (stable cell ids, no kernel details), and the post-render step refreshes git's view
(``portfolio.build.gitindex``), so ``git status`` stays clean after a render. The filter is
set in the clone's own git config (``portfolio setup-git`` after a clone; ``portfolio init``
does it for a new site).
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from portfolio.project.links import project_root

#: Metadata that differs between machines and kernels, stripped too.
EXTRA_KEYS = " ".join(
    f"metadata.language_info.{key}"
    for key in (
        "codemirror_mode",
        "file_extension",
        "mimetype",
        "nbconvert_exporter",
        "pygments_lexer",
        "version",
    )
)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)


def install_filter(root: Path, python: str = sys.executable) -> None:
    """Register nbstripout (run by ``python``) as the filter and diff of ``*.ipynb``."""
    subprocess.run(
        [python, "-m", "nbstripout", "--install"], cwd=root, check=True, capture_output=True
    )
    strip = f"{shlex.quote(python)} -m nbstripout"
    options = f'--keep-id --extra-keys "{EXTRA_KEYS}"'
    _git(root, "config", "filter.nbstripout.clean", f"{strip} {options}")
    _git(root, "config", "diff.ipynb.textconv", f"{strip} -t {options}")


def _setup_git(args: argparse.Namespace) -> int:
    root = project_root()
    install_filter(root)
    print(f"{root}: notebooks are stored in git without their outputs (nbstripout)")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``setup-git`` on the ``portfolio`` command."""
    setup = commands.add_parser(
        "setup-git", help="keep notebook outputs out of git (run once after a clone)"
    )
    setup.set_defaults(run=_setup_git)
