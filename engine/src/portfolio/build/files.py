"""Files the build writes, rewritten only when their content changes: an unchanged file
keeps its modification time, so ``quarto preview`` (which watches the project's config and
resource files, and re-renders a page it serves when one of them is newer than the page)
sees no change. Files another process may read while they are written are replaced in one
step (``write_atomically``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_if_changed(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` unless the file holds it; return the
    path."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def write_atomically(path: Path, text: str) -> Path:
    """Replace ``path`` with ``text`` in one step (a file beside it, renamed over it):
    readers see the old file or the new one, never part of one. An existing file keeps its
    permissions; return the path."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with part.open("w", encoding="utf-8", newline="") as out:
            out.write(text)
        if path.exists():
            shutil.copymode(path, part)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path
