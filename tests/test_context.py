"""The build context: the render a step runs for, read once from a given environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.build.cards import FONT_CACHE
from portfolio.build.context import CACHE, PREVIEW_ENV, BuildContext, build_context
from portfolio.build.postrender import ORIGINALS
from portfolio.build.prerender import STAMP
from portfolio.exceptions import PortfolioError
from portfolio.project.links import LinkError


def test_quartos_variables_name_the_project_the_site_and_the_render(tmp_path: Path):
    environ = {
        "QUARTO_PROJECT_DIR": str(tmp_path),
        "QUARTO_PROJECT_OUTPUT_DIR": "public",
        "QUARTO_PROJECT_RENDER_ALL": "1",
    }
    context = build_context(environ)
    assert context == BuildContext(tmp_path, tmp_path / "public", render_all=True)
    assert context.full_render
    with pytest.raises(AttributeError):
        context.preview = True  # frozen: made once, read by every step


def test_a_preview_is_never_a_full_render(tmp_path: Path):
    environ = {"QUARTO_PROJECT_DIR": str(tmp_path), "QUARTO_PROJECT_RENDER_ALL": "1"}
    context = build_context(environ | {PREVIEW_ENV: "1"})
    assert context.preview and context.render_all and not context.full_render
    assert not build_context(environ | {PREVIEW_ENV: "0"}).preview


def test_without_quarto_the_project_is_the_nearest_quarto_yml(tmp_path: Path):
    (tmp_path / "_quarto.yml").write_text("project: {}\n", encoding="utf-8")
    (tmp_path / "blog").mkdir()
    context = build_context({}, cwd=tmp_path / "blog")
    assert context == BuildContext(tmp_path.resolve(), tmp_path.resolve() / "_site")
    assert not context.full_render


def test_outside_a_project_there_is_no_context(tmp_path: Path):
    with pytest.raises(LinkError, match="no _quarto.yml") as raised:
        build_context({}, cwd=tmp_path)
    assert isinstance(raised.value, PortfolioError)


def test_the_steps_caches_are_in_the_contexts_cache_folder(tmp_path):
    context = build_context({"QUARTO_PROJECT_DIR": str(tmp_path)})
    assert context.cache == tmp_path / ".quarto"
    for kept in (STAMP, ORIGINALS, FONT_CACHE):
        assert kept.parent == CACHE
