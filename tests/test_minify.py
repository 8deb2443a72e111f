"""The post-render's minifier: Quarto's scripts lose comments and whitespace, never
behaviour; minified files are left alone and a second pass changes nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio.build.minify import LIBRARIES, minify_scripts

SCRIPT = """// A comment that goes.
/* And a block
   comment. */
const page = `<p class="x">
  keeps  its // spaces and /* this */
</p>`;
const pattern = /a+\\/b*/g;   // a regular expression with a slash
function greet(name) {
  return `Hello, ${name}!` + " // not a comment";
}
console.log(page, "a//b".replace(pattern, "-"), greet("reader"));
"""


def _node(script: Path) -> str:
    node = shutil.which("node")
    assert node, "node is needed (engine/install.sh installs the npm tools with it)"
    done = subprocess.run([node, script], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / LIBRARIES / "quarto-html").mkdir(parents=True)
    (tmp_path / LIBRARIES / "quarto-html" / "quarto.js").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / LIBRARIES / "quarto-html" / "popper.min.js").write_text(SCRIPT, encoding="utf-8")
    return tmp_path


def test_scripts_get_smaller_and_behave_the_same(site, tmp_path):
    original = tmp_path / "original.js"
    original.write_text(SCRIPT, encoding="utf-8")
    script = site / LIBRARIES / "quarto-html" / "quarto.js"
    assert minify_scripts(site) == [script]
    minified = script.read_text(encoding="utf-8")
    assert len(minified) < len(SCRIPT) and "A comment" not in minified
    assert "keeps  its // spaces and /* this */" in minified
    assert _node(script) == _node(original)


def test_minified_files_are_left_alone_and_a_second_pass_writes_nothing(site):
    minify_scripts(site)
    assert (site / LIBRARIES / "quarto-html" / "popper.min.js").read_text() == SCRIPT
    assert minify_scripts(site) == []


@pytest.mark.quarto
def test_the_sites_scripts_still_parse(rendered_site):
    node = shutil.which("node")
    assert node
    scripts = sorted((rendered_site / LIBRARIES).rglob("*.js"))
    assert any(s.name == "quarto.js" for s in scripts), "Quarto's quarto.js not found"
    for script in scripts:
        done = subprocess.run([node, "--check", script], capture_output=True, text=True)
        assert done.returncode == 0, f"{script.relative_to(rendered_site)}: {done.stderr}"
