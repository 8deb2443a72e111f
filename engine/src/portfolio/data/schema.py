"""JSON Schemas for ``data/*.yml``, so editors complete and check the files."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from portfolio.data.load import FILES
from portfolio.data.models import Portfolio


def schemas() -> dict[str, dict]:
    """One JSON Schema per data file, keyed by the schema's file name."""
    result = {}
    for name, filename in FILES.items():
        schema = TypeAdapter(Portfolio.model_fields[name].annotation).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"data/{filename}"
        result[f"{name}.schema.json"] = schema
    return result


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, schema in schemas().items():
        path = folder / filename
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
