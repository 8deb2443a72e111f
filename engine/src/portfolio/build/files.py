"""Files the build writes, rewritten only when their content changes: an unchanged file
keeps its modification time, so ``quarto preview`` (which watches the project's config and
resource files, and re-renders a page it serves when one of them is newer than the page)
sees no change."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` unless the file holds it; return the
    path."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path
