"""Lighthouse on the rendered site, from npm (``@lhci/cli`` and the Lighthouse it brings).

- ``audited_pages``: the pages Lighthouse looks at: home, the section pages, one paper and
  one post.
- ``assert_site``: Lighthouse CI (``lhci collect``, then ``lhci assert``) with the
  assertions of ``lighthouserc.json``: accessibility, best practices and SEO at 100 on every
  audited page, and each audit that cost a point, by page. Those scores do not depend on the
  machine, so a test holds them; speed scores do, so they live in
  ``engine/benchmarks/bench_site.py``.

Both drive Debian's Chromium (``browser.CHROMIUM``) and let pages reach no host but the
loopback one the site is served on.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from portfolio.verify import browser
from portfolio.verify.renders import ENGINE_SOURCE

NODE_BIN = ENGINE_SOURCE / "node_modules" / ".bin"
LHCI = NODE_BIN / "lhci"
LIGHTHOUSE = NODE_BIN / "lighthouse"
CONFIG = ENGINE_SOURCE / "lighthouserc.json"
CHROME_FLAGS = [
    *browser.CHROMIUM_ARGS,
    f'--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE {browser.LOCAL_HOST}"',
]
_COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")
SECTION_PAGES = (
    "index.html",
    "experience.html",
    "research/index.html",
    "press.html",
    "about.html",
    "blog/index.html",
)


def audited_pages(site: Path) -> list[str]:
    """Home, the section pages, one paper and one post (those that exist), site-relative."""
    paper = sorted(site.glob("research/*/index.html"))[:1]
    post = sorted(site.glob("blog/posts/*/index.html"))[:1]
    found = [page for page in SECTION_PAGES if (site / page).is_file()]
    return found + [p.relative_to(site).as_posix() for p in (*paper, *post)]


def node_env() -> dict[str, str]:
    """The environment for Lighthouse: Debian's Chromium."""
    return {**os.environ, "CHROME_PATH": browser.CHROMIUM}


@dataclass
class Verdict:
    """What Lighthouse CI said: every assertion held (``ok``), else why."""

    ok: bool
    failed_audits: list[str]  # "<page>: <category>: <audit id> (<title>)"
    log: str  # lhci's own output

    def __str__(self) -> str:
        return "\n".join([*self.failed_audits, self.log])


def assert_site(site: Path, pages: list[str], workdir: Path) -> Verdict:
    """Lighthouse CI on ``pages`` of ``site`` (served with gzip); ``workdir`` keeps its runs."""
    if not LHCI.is_file():
        return Verdict(False, [], f"{LHCI} not found: run npm ci in {ENGINE_SOURCE}")
    workdir.mkdir(parents=True, exist_ok=True)
    config = f"--config={CONFIG}"
    with browser.serve_directory(site, compress=True) as base:
        collect = [str(LHCI), "collect", config, f"--chromePath={browser.CHROMIUM}"]
        collect += [f"--url={base}/{page}" for page in pages]
        collect.append(f"--settings.chromeFlags={' '.join(CHROME_FLAGS)}")
        collected = _run(collect, workdir)
    if collected.returncode != 0:
        return Verdict(False, [], _log(collected))
    asserted = _run([str(LHCI), "assert", config], workdir)
    failed = failed_audits(workdir / ".lighthouseci") if asserted.returncode else []
    return Verdict(asserted.returncode == 0, failed, _log(asserted))


def failed_audits(results: Path) -> list[str]:
    """Each audit that lowered an asserted category's score, from lhci's saved reports."""
    failed = []
    for path in sorted(results.glob("lhr-*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        page = urlsplit(report["finalDisplayedUrl"]).path.lstrip("/")
        for name, category in report["categories"].items():
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    failed.append(f"{page}: {name}: {ref['id']} ({audit['title']})")
    return failed


def _log(result: subprocess.CompletedProcess) -> str:
    return _COLOUR_CODE.sub("", result.stdout + result.stderr)


def _run(command: list[str], workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, env=node_env(), check=False
    )
