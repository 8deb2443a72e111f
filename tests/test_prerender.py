"""The pre-render step writes every generated file the site serves."""

from __future__ import annotations

import json
import shutil

import pytest

from portfolio.build.context import PREVIEW_ENV, build_context
from portfolio.build.prerender import STAMP, main, prerender, refresh, robots_txt
from portfolio.build.sections import MARKER
from portfolio.build.sitemeta import site_metadata_text
from portfolio.data.load import load_portfolio
from portfolio.project.engine import SITE_FOLDERS, engine_files

from conftest import ROOT


def test_prerender_writes_metadata_assets_exports_and_robots(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_quarto.yml", tmp_path)
    context = build_context({"QUARTO_PROJECT_DIR": str(tmp_path)})
    written = {path.relative_to(tmp_path).as_posix() for path in prerender(context)}
    engine = {*engine_files(SITE_FOLDERS), *(f"{folder}/.gitignore" for folder in SITE_FOLDERS)}
    assert "theme/site.css" in engine and "schemas/roles.schema.json" in engine
    assert written == engine | {
        "_portfolio.yml",
        "robots.txt",
        "assets/plotly/plotly-basic.min.js",
        "assets/plotly/templates.json",
        "assets/fonts/inter-latin.woff2",
        "assets/fonts/inter-latin-ext.woff2",
        "exports/publications.bib",
        "exports/publications.csl.json",
        "exports/resume.json",
        "exports/cv.pdf",
        *(f"_generated/meta/{page}.yml" for page in ("index", "experience", "press", "about")),
        "_generated/meta/research/index.yml",
        "_generated/meta/blog/index.yml",
    }
    site = (tmp_path / "_portfolio.yml").read_text(encoding="utf-8")
    assert site == site_metadata_text(load_portfolio(ROOT / "data").profile, tmp_path)
    assert json.loads((tmp_path / "exports/resume.json").read_text())["basics"]["name"]
    assert (tmp_path / "exports/cv.pdf").read_bytes().startswith(b"%PDF-")


def test_robots_names_the_sitemap_from_the_site_url(tmp_path):
    (tmp_path / "_quarto.yml").write_text("website:\n  site-url: https://example.org/site\n")
    assert robots_txt(tmp_path) == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/site/sitemap.xml\n"
    )
    (tmp_path / "_quarto.yml").write_text("website: {}\n")
    assert robots_txt(tmp_path) == "User-agent: *\nAllow: /\n"


def test_a_data_problem_is_reported_and_stops_a_render_but_not_a_preview(tmp_path, capsys):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_quarto.yml", tmp_path)
    roles = tmp_path / "data" / "roles.yml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("start:", "begin:", 1), "utf-8")
    render = {"QUARTO_PROJECT_DIR": str(tmp_path)}
    assert main(render) == 1
    err = capsys.readouterr().err
    assert "roles.yml" in err and "Traceback" not in err
    preview = {**render, PREVIEW_ENV: "1"}
    assert refresh(build_context(preview)) == 1  # the preview process asks: it holds renders
    capsys.readouterr()
    assert main(preview) == 0  # Quarto's preview server would stop on a failed script
    captured = capsys.readouterr()
    assert "roles.yml" in captured.err and "fix the problem above" in captured.out
    assert not (tmp_path / STAMP).exists()  # the next render tries again


def test_an_expected_failure_is_one_line_and_fails_the_step(tmp_path, capsys):
    """A page without front matter (``FrontMatterError``) is named in one line, no traceback."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_quarto.yml", tmp_path)
    (tmp_path / "about.qmd").write_text("# No front matter\n", encoding="utf-8")
    assert main({"QUARTO_PROJECT_DIR": str(tmp_path)}) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"prerender: {tmp_path / 'about.qmd'} has no front matter (a leading --- YAML block)"
    ]


def test_an_unexpected_exception_is_a_bug_and_shows_its_traceback(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_quarto.yml", tmp_path)

    def broken(root):
        raise ValueError("a bug in the engine")

    monkeypatch.setattr("portfolio.build.freeze.refresh_freeze", broken)
    with pytest.raises(ValueError, match="a bug in the engine"):
        main({"QUARTO_PROJECT_DIR": str(tmp_path), PREVIEW_ENV: "1"})  # even in a preview


def test_section_pages_get_their_text_and_a_page_running_its_own_code_none(tmp_path):
    """A section page asks for its text (``MARKER``); one that runs its own code (a site made
    with an older engine) gets no file."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "_quarto.yml", tmp_path)
    shutil.copy(ROOT / "experience.qmd", tmp_path)
    (tmp_path / "press.qmd").write_text("---\ntitle: Press\n---\n\n```{python}\n1\n```\n")
    context = build_context({"QUARTO_PROJECT_DIR": str(tmp_path)})
    written = {path.relative_to(tmp_path).as_posix() for path in prerender(context)}
    assert MARKER in (ROOT / "experience.qmd").read_text(encoding="utf-8")
    assert "_generated/pages/experience.md" in written
    assert not (tmp_path / "_generated/pages/press.md").exists()
    text = (tmp_path / "_generated/pages/experience.md").read_text(encoding="utf-8")
    portfolio = load_portfolio(ROOT / "data")
    assert all(f"{{#role-{role.id}" in text for role in portfolio.roles)
    assert 'data-chart="career-timeline"' in text and '"experience.html#role-' in text


def test_section_pages_without_the_filter_named_are_a_clear_error(tmp_path, capsys):
    """Pages that ask for their text and a _quarto.yml without the filter would render
    empty: the pre-render step says what to add instead."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    config = (ROOT / "_quarto.yml").read_text(encoding="utf-8")
    start = config.index("filters:")
    end = config.index("at: pre-ast") + len("at: pre-ast")
    (tmp_path / "_quarto.yml").write_text(config[:start] + config[end:], encoding="utf-8")
    shutil.copy(ROOT / "experience.qmd", tmp_path)
    assert refresh(build_context({"QUARTO_PROJECT_DIR": str(tmp_path)})) == 1
    err = capsys.readouterr().err
    assert "experience.qmd" in err and "theme/sections.lua" in err and "filters" in err
