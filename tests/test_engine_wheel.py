"""The engine as a new researcher gets it: its wheel in a fresh environment that cannot see
``engine/src``, ``portfolio init``, a render checked in Chromium, then an upgrade to a newer
wheel with one visible change: the change shows and no file of the site is touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.verify.sitecheck import check_site

from conftest import ENGINE, ROOT, quarto_render

#: The engine's accent colour, and the one the "newer" engine ships.
ACCENT, NEW_ACCENT = "$primary: #1f4e79;", "$primary: #7a1f5c;"

pytestmark = pytest.mark.slow


def build_wheel(source: Path, out: Path) -> Path:
    """``pip wheel`` of the engine at ``source``; return the wheel."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("quartofolio-*.whl")
    return wheel


def newer_engine(target: Path) -> Path:
    """A copy of the engine's source (and the docs its wheel carries, beside it) with a new
    version and another accent colour."""
    shutil.copytree(ENGINE, target, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    shutil.copytree(ROOT / "docs", target.parent / "docs", dirs_exist_ok=True)
    for name, old, new in (
        ("src/portfolio/resources/theme/light.scss", ACCENT, NEW_ACCENT),
        ("pyproject.toml", 'version = "0.2.0"', 'version = "0.2.1"'),
    ):
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def git(site: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=site, input=stdin, capture_output=True, text=True, check=True
    ).stdout


def tracked(site: Path) -> dict[str, str]:
    """Every file git tracks in ``site``, by path: the hash of its content as git would
    store it (a notebook through the nbstripout filter: Quarto writes outputs into it)."""
    names = list(filter(None, git(site, "ls-files", "-z").split("\0")))
    hashes = git(site, "hash-object", "--stdin-paths", stdin="\n".join(names) + "\n").split()
    return dict(zip(names, hashes, strict=True))


def site_css(site: Path) -> str:
    """The light stylesheets the rendered site serves, joined."""
    return "".join(path.read_text(encoding="utf-8") for path in site.rglob("*.css"))


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A virtual environment with only the engine's wheel installed (and Playwright, for the
    charts' first frames): no path to this checkout's sources."""
    base = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(ENGINE, base / "dist")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"{wheel}[site]"], check=True, capture_output=True)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH",)}
    return env | {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "QUARTO_PYTHON": str(venv / "bin" / "python"),
        "BASE": str(base),
    }


def run(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (args, (result.stdout + result.stderr)[-3000:])
    return result


def test_the_wheel_carries_no_path_to_the_sources_and_its_docs(fresh_env: dict[str, str]):
    where = run(
        fresh_env, "python", "-c", "import portfolio; print(portfolio.__file__)", cwd=Path("/")
    )
    assert "site-packages" in where.stdout and str(ENGINE) not in where.stdout
    docs = run(fresh_env, "portfolio", "docs", cwd=Path("/")).stdout
    assert "site-packages" in docs and "new-site.md" in docs


def test_init_render_check_and_upgrade_from_the_wheel(fresh_env: dict[str, str]):
    base = Path(fresh_env["BASE"])
    site = base / "my-site"
    run(fresh_env, "portfolio", "init", str(site), cwd=base)
    run(fresh_env, "portfolio", "check", cwd=site)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    run(fresh_env, "git", "add", "-A", cwd=site)
    run(fresh_env, *git, "commit", "-qm", "portfolio init", cwd=site)
    before = tracked(site)

    rendered = quarto_render(site, env=fresh_env)
    reports = check_site(rendered)
    assert [report for report in reports if report.problems] == []
    assert len(reports) >= 7
    assert "#1f4e79" in site_css(rendered)

    newer = build_wheel(newer_engine(base / "engine-next"), base / "dist-next")
    run(fresh_env, "python", "-m", "pip", "install", "-q", "--no-deps", str(newer), cwd=base)
    quarto_render(site, env=fresh_env)
    css = site_css(rendered)
    assert "#7a1f5c" in css and "#1f4e79" not in css
    assert tracked(site) == before
    status = run(fresh_env, "git", "status", "--porcelain", cwd=site).stdout
    assert status == ""
