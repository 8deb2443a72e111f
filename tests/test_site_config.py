"""The Quarto project is well formed: config and front matter parse, every named path exists."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from portfolio.build.pagemeta import SECTION_PAGES
from portfolio.build.sitemeta import FILENAME
from portfolio.project.engine import SITE_FOLDERS, engine_files
from portfolio.project.sources import draft_pages, front_matter, site_pages

from conftest import ENGINE, ROOT, require_quarto

CONFIG = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
PAGES = site_pages(ROOT)


def test_every_render_pattern_is_anchored_and_names_pages():
    for pattern in CONFIG["project"]["render"]:
        assert pattern.startswith("/"), f"{pattern} would match at any depth (engine/ too)"
        assert list(ROOT.glob(pattern[1:])), f"{pattern} matches no page"


def test_navbar_targets_exist():
    for item in CONFIG["website"]["navbar"]["left"]:
        assert (ROOT / item["href"]).is_file(), item["href"]
        assert ROOT / item["href"] in PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_front_matter_parses_and_listings_exist(page):
    meta = front_matter(page)
    assert isinstance(meta, dict)
    section = SECTION_PAGES.get(page.relative_to(ROOT).as_posix())
    if section and section.section:  # titled from the data: a title here would win
        assert "title" not in meta
    else:
        assert meta.get("title") or meta.get("pagetitle")
    listings = meta.get("listing", [])
    for listing in listings if isinstance(listings, list) else [listings]:
        contents = listing["contents"]
        assert list(page.parent.glob(contents)) or (page.parent / contents).is_dir(), contents


def test_generated_site_metadata_is_listed_and_not_committed():
    """The pre-render step writes it (it holds URLs derived from the checkout's remote)."""
    assert FILENAME in CONFIG["metadata-files"]
    ignored = subprocess.run(["git", "check-ignore", "-q", FILENAME], cwd=ROOT)
    assert ignored.returncode == 0, f"{FILENAME} must be in .gitignore"


def test_no_placeholder_urls_in_the_project_settings():
    website = CONFIG["website"]
    assert "site-url" not in website and "repo-url" not in website
    assert "OWNER" not in yaml.safe_dump(CONFIG)


def test_the_theme_files_the_settings_name_are_written_by_the_engine():
    """theme/ is not in the site's git: each file _quarto.yml names comes from the engine."""
    html = CONFIG["format"]["html"]
    named = [part for variant in html["theme"].values() for part in variant[1:]]
    named += [html["css"], *html["include-after-body"]]
    named += [entry["path"] for entry in CONFIG["filters"]]  # theme/sections.lua
    assert len(named) == 7
    assert set(named) <= set(engine_files(SITE_FOLDERS))


@pytest.mark.quarto
def test_quarto_renders_the_sites_pages_and_nothing_of_the_engine():
    """Quarto's own reading of the render list (``quarto inspect``): the pages site_pages
    names, none of the engine's starter under engine/ (an unanchored glob would match it)."""
    require_quarto()
    inspect = subprocess.run(
        ["quarto", "inspect"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    inputs = [Path(name) for name in json.loads(inspect.stdout)["files"]["input"]]
    assert inputs == site_pages(ROOT)


def test_execution_is_enabled_and_frozen():
    assert CONFIG["execute"] == {"enabled": True, "freeze": "auto"}


def test_quarto_renders_every_page_but_drafts(rendered_site):
    drafts = set(draft_pages(ROOT))
    for page in PAGES:
        html = rendered_site / page.relative_to(ROOT).with_suffix(".html")
        assert html.is_file() is (page not in drafts), html
    assert (rendered_site / "blog" / "index.xml").is_file()
    assert (rendered_site / "sitemap.xml").is_file()


def test_resources_are_anchored_at_the_project_root():
    """A pattern like ``assets/`` would match every assets/ folder, node_modules/ included."""
    assert all(pattern.startswith("/") for pattern in CONFIG["project"]["resources"])


def test_what_the_wheel_carries_from_npm_is_a_production_dependency():
    """The engine's build hook copies plotly.js and Inter from npm into the wheel, and
    PurgeCSS runs at post-render: production dependencies, in the manifest and the lockfile."""
    manifest = json.loads((ENGINE / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ENGINE / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    hook = (ENGINE / "hatch_build.py").read_text(encoding="utf-8")
    for package in ("plotly.js-basic-dist-min", "@fontsource-variable/inter"):
        assert f'"{package}/' in hook, package
    for package in ("plotly.js-basic-dist-min", "@fontsource-variable/inter", "purgecss"):
        assert package in manifest["dependencies"], package
        assert not lock[f"node_modules/{package}"].get("dev"), package
