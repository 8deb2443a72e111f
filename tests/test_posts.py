"""The published posts from their front matter, and the home page's latest posts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import make_project

from portfolio.authoring import new_page as authoring
from portfolio.pages import fragments
from portfolio.pages.posts import posts_frame


def test_published_posts_newest_first_drafts_left_out(tmp_path: Path):
    root = make_project(tmp_path / "site")
    old = authoring.new_post("Old <b>news</b>", day=date(2025, 1, 2), root=root)
    new = authoring.new_post("New post", day=date(2026, 3, 4), description="One *line*.", root=root)
    authoring.new_post("Still a draft", day=date(2026, 5, 6), root=root)
    for path in (old, new):  # publish: drop the draft line
        path.write_text(path.read_text(encoding="utf-8").replace('"draft: true\\n",', ""), "utf-8")
    posts = posts_frame(root)
    assert list(posts["title"]) == ["New post", "Old <b>news</b>"]
    assert list(posts["path"]) == [p.relative_to(root).as_posix() for p in (new, old)]
    text = fragments.latest_posts(posts, count=1)
    assert text == (
        f"- [New post](<{posts['path'][0]}>) · 4 March 2026  \n  One \\*line\\*.\n\n"
        "[All posts](<blog/index.qmd>)\n"
    )
    assert "Old \\<b\\>news\\</b\\>" in fragments.latest_posts(posts)


def test_no_posts_still_links_the_blog(tmp_path: Path):
    posts = posts_frame(make_project(tmp_path / "site"))
    assert posts.empty and list(posts.columns) == [
        "title",
        "date",
        "description",
        "categories",
        "path",
    ]
    assert fragments.latest_posts(posts) == "[All posts](<blog/index.qmd>)\n"
