"""The blog's published posts, read from their front matter, as a DataFrame.

The home page shows the newest ones with ``fragments.latest_posts``; the blog page lists
them all with Quarto's listing (its category filter is where post categories lead).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from portfolio.pages.markdown import plain
from portfolio.project.sources import front_matter

POSTS = Path("blog", "posts")
COLUMNS = ["title", "date", "description", "categories", "path"]


def posts_frame(root: Path) -> pd.DataFrame:
    """Every post under ``root/blog/posts/*/`` that is not a draft, newest first.

    ``path`` is the post's source (``blog/posts/<name>/index.ipynb``) relative to ``root``.
    """
    rows = []
    for page in sorted((root / POSTS).glob("*/index.*")):
        if page.suffix not in (".ipynb", ".qmd"):
            continue
        meta = front_matter(page)
        if meta.get("draft"):
            continue
        rows.append(
            {
                "title": plain(meta.get("title")) or page.parent.name,
                "date": pd.to_datetime(meta.get("date"), errors="coerce"),
                "description": plain(meta.get("description")),
                "categories": list(meta.get("categories") or []),
                "path": page.relative_to(root).as_posix(),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"date": "datetime64[ns]"})
    return frame.sort_values("date", ascending=False, kind="stable").reset_index(drop=True)
