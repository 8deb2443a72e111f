"""Page descriptions from the data, and frozen results that follow the data."""

from __future__ import annotations

import yaml

from portfolio.build import freeze
from portfolio.build.freeze import frozen_results, refresh_freeze
from portfolio.build.pagemeta import (
    FOLDER_METADATA,
    SECTION_PAGES,
    description_metadata,
    metadata_file,
    metadata_files_entry,
    write_page_metadata,
)
from portfolio.data.load import load_portfolio
from portfolio.project.sources import front_matter, site_pages

from conftest import ROOT, replace_in

#: A project's settings without a site or repository URL.
NO_URL = "project:\n  type: website\n"


def metadata_files(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def test_every_page_names_its_generated_metadata_file():
    """Section pages and the notebooks index and tour name theirs; paper pages and posts
    get their folder's ``_metadata.yml``, which Quarto reads without being told."""
    named = 0
    for source in site_pages(ROOT):
        page = source.relative_to(ROOT).as_posix()
        if metadata_file(page).name == FOLDER_METADATA:
            continue
        entry = metadata_files(front_matter(source).get("metadata-files"))
        assert metadata_files_entry(page) in entry, page
        named += 1
    assert named >= len(SECTION_PAGES) + 2


def test_descriptions_come_from_the_data_and_stay_text(data_copy, tmp_path):
    replace_in(data_copy / "profile.yml", "summary: >-", "summary: >-\n  <b>*Bold*</b> [x](y)")
    portfolio = load_portfolio(data_copy)
    paper, without_page = portfolio.publications.papers[:2]
    (tmp_path / "research" / paper.id).mkdir(parents=True)
    (tmp_path / "research" / paper.id / "index.ipynb").write_text("{}")
    (tmp_path / "research" / without_page.id).mkdir()  # a folder, but no page in it
    (tmp_path / "_quarto.yml").write_text(NO_URL)
    written = write_page_metadata(portfolio, tmp_path)
    home = yaml.safe_load((tmp_path / "_generated/meta/index.yml").read_text())
    assert home["description-meta"].startswith(r"\<b\>\*Bold\*\</b\> \[x\](y)")
    assert home["open-graph"]["description"] == home["description-meta"]
    meta = yaml.safe_load((tmp_path / "research" / paper.id / "_metadata.yml").read_text())
    assert str(paper.year) in meta["description-meta"]
    assert len(written) == len(SECTION_PAGES) + 1
    assert not (tmp_path / "research" / without_page.id / "_metadata.yml").exists()


def test_an_empty_description_writes_an_empty_metadata_file():
    assert yaml.safe_load(description_metadata(None)) == {}
    assert metadata_files_entry("research/index.qmd") == "../_generated/meta/research/index.yml"


def test_a_data_edit_removes_the_frozen_results_of_the_pages_that_show_it_only(
    tmp_path, monkeypatch
):
    render = "\n".join(f"    - {page}" for page in ("experience.qmd", "press.qmd", "notebooks/*"))
    (tmp_path / "_quarto.yml").write_text(f"project:\n  render:\n{render}\n")
    (tmp_path / "data").mkdir()
    for name in ("roles.yml", "press.yml"):
        (tmp_path / "data" / name).write_text("[]\n")
    pages = ("experience.qmd", "press.qmd", "notebooks/tour.ipynb")
    for page in pages:
        (tmp_path / page).parent.mkdir(exist_ok=True)
        (tmp_path / page).write_text("---\ntitle: x\n---\n")
        (frozen_results(tmp_path, page) / "execute-results").mkdir(parents=True)
    assert refresh_freeze(tmp_path) == list(pages)  # made before their inputs were known
    for page in pages:
        (frozen_results(tmp_path, page) / "execute-results").mkdir(parents=True)
    assert refresh_freeze(tmp_path) == []  # nothing changed
    (tmp_path / "data" / "roles.yml").write_text("[]\n# edited\n")
    assert refresh_freeze(tmp_path) == ["experience.qmd", "notebooks/tour.ipynb"]
    assert frozen_results(tmp_path, "press.qmd").is_dir()
    (frozen_results(tmp_path, "experience.qmd") / "execute-results").mkdir(parents=True)
    monkeypatch.setattr(freeze, "package_hash", lambda: "another engine")
    assert refresh_freeze(tmp_path) == ["experience.qmd", "press.qmd"]  # tour: no results


def test_section_pages_take_their_title_and_introduction_from_the_data(tmp_path, other):
    root = ROOT
    portfolio = load_portfolio(root / "data")
    experience = SECTION_PAGES["experience.qmd"].metadata(portfolio.profile)
    section = portfolio.profile.sections["experience"]
    assert experience["title"] == section.title and experience["subtitle"] == section.intro
    assert "title" not in SECTION_PAGES["index.qmd"].metadata(portfolio.profile)
    theirs = SECTION_PAGES["experience.qmd"].metadata(other.profile)  # no such section
    assert theirs == {"title": "Experience"}
    research = SECTION_PAGES["research/index.qmd"].metadata(other.profile)
    assert research == {"title": other.profile.sections["publications"].title}
    (tmp_path / "_quarto.yml").write_text(NO_URL)
    write_page_metadata(other, tmp_path)
    written = yaml.safe_load((tmp_path / "_generated/meta/research/index.yml").read_text())
    assert written["title"] == "Veröffentlichungen · Publications"


def test_the_blog_makes_a_feed_only_where_the_site_url_is_known(tmp_path, other, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)  # a workflow's repository
    blog = tmp_path / "_generated/meta/blog/index.yml"
    (tmp_path / "_quarto.yml").write_text(NO_URL)
    write_page_metadata(other, tmp_path)  # no git remote either
    assert "listing" not in yaml.safe_load(blog.read_text())
    (tmp_path / "_quarto.yml").write_text("website:\n  site-url: https://example.org/\n")
    write_page_metadata(other, tmp_path)
    assert yaml.safe_load(blog.read_text())["listing"] == {"feed": True}
