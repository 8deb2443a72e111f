"""The Quarto versions the engine supports: the newest (the one on PATH, what CI renders
everything with) and the oldest, 1.7.34, which renders a new site here too. Neither says a
warning or a deprecation while it renders (docs/build.md#quarto-versions)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portfolio.authoring.init import init_site
from portfolio.verify.sitecheck import check_site

from conftest import AS_OF, RENDER_LOGS, ROOT, git_snapshot, require_quarto

OLDEST = "1.7.34"
#: Where this team keeps Quarto 1.7.34 (CI elsewhere names it in PORTFOLIO_OLDEST_QUARTO).
SHARED_OLDEST = ROOT.parent / "shared" / "tools" / "quarto" / "quarto"
#: What Quarto prints for a warning or a deprecation (its log levels, colour codes removed).
QUARTO_WARNING = re.compile(r"^(WARN|WARNING|DEPRECATED)\b|deprecat", re.IGNORECASE)
#: ipykernel 7.3+ warns at each kernel start that it talks over TCP without encryption;
#: Quarto's kernel client does not yet provision the keys that would encrypt it
#: (quarto-dev/quarto-cli#14653). It is the kernel's line, not Quarto's.
KERNEL_TRANSPORT = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption."
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def oldest_quarto() -> Path:
    """Quarto 1.7.34's launcher: fails in CI when it is missing, skips elsewhere."""
    named = os.environ.get("PORTFOLIO_OLDEST_QUARTO")
    launcher = Path(named) if named else SHARED_OLDEST
    if not launcher.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI renders with Quarto {OLDEST} too: set PORTFOLIO_OLDEST_QUARTO")
        pytest.skip(f"Quarto {OLDEST} not found at {launcher}")
    return launcher


def quarto_warnings(log: str) -> list[str]:
    """The log's lines that are Quarto's warnings or deprecations (not the kernel's)."""
    lines = (COLOUR.sub("", line.split(KERNEL_TRANSPORT)[0]).strip() for line in log.splitlines())
    return [line for line in lines if QUARTO_WARNING.search(line)]


def test_the_warning_filter_finds_quarto_warnings():
    log = "\x1b[33mWARN: Unable to create a feed\x1b[39m\nOutput created: _site/index.html\n"
    log += f"Starting python3 kernel...{KERNEL_TRANSPORT} All communication...\n"
    assert quarto_warnings(log) == ["WARN: Unable to create a feed"]


@pytest.mark.quarto
def test_rendering_this_site_and_a_new_one_warns_of_nothing(rendered_project, other_rendered_site):
    for project, log in RENDER_LOGS.items():
        assert log, f"no render log for {project}"
        assert quarto_warnings(log) == [], f"{project}: {quarto_warnings(log)}"


@pytest.mark.quarto
def test_the_oldest_supported_quarto_renders_a_new_site(tmp_path):
    require_quarto()
    launcher = oldest_quarto()
    version = subprocess.run([launcher, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == OLDEST
    site = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", AS_OF.isoformat())
        init_site(site, AS_OF)
    git_snapshot(site)
    env = os.environ | {"PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"}
    portfolio = shutil.which("portfolio", path=str(Path(sys.executable).parent))
    done = subprocess.run([portfolio, "render"], cwd=site, env=env, capture_output=True, text=True)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert quarto_warnings(log) == []
    assert [report.path for report in check_site(site / "_site") if report.problems] == []
    status = subprocess.run(["git", "status", "--porcelain"], cwd=site, capture_output=True)
    assert status.stdout == b""


def _workflow_env(name: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))["env"]


def test_ci_tests_the_quarto_the_site_is_published_with():
    published = _workflow_env("publish.yml")["QUARTO_VERSION"]
    tested = _workflow_env("tests.yml")
    assert tested["QUARTO_VERSION"] == published and tested["QUARTO_OLDEST"] == OLDEST
    if os.environ.get("CI"):  # .ci/run or tests.yml: the Quarto on PATH renders the tests
        require_quarto()
        on_path = subprocess.run(["quarto", "--version"], capture_output=True, text=True)
        assert on_path.stdout.strip() == published
