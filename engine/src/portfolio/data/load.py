"""Load ``data/*.yml`` into validated models, collecting every problem with its place."""

from __future__ import annotations

import difflib
import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from portfolio.data import models
from portfolio.data.checks import Finding, check_file, check_stats
from portfolio.data.dates import resolve_as_of
from portfolio.data.models import Portfolio
from portfolio.data.problems import DataError, Problem
from portfolio.data.yamlsource import Source, read_yaml

#: Each attribute of ``Portfolio`` comes from one file of ``data/``.
_DISCRIMINATOR = "status"  # the field that tells granted from pending patents
FILES = {name: f"{name}.yml" for name in Portfolio.model_fields}


@cache
def _adapter(name: str) -> TypeAdapter:
    return TypeAdapter(Portfolio.model_fields[name].annotation)


def find_data_dir(start: Path | None = None) -> Path:
    """``$PORTFOLIO_DATA``, else the nearest ``data/`` with a profile at or above ``start``."""
    if env := os.environ.get("PORTFOLIO_DATA"):
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / FILES["profile"]).is_file():
            return folder / "data"
    raise DataError([Problem(str(here), 0, "no data/ folder here or above; set PORTFOLIO_DATA")])


def read_portfolio(
    data_dir: Path | None = None, as_of: date | str | None = None
) -> tuple[Portfolio | None, list[Problem]]:
    """Validate every file; return the portfolio (None if unsound) and all problems."""
    data_dir = Path(data_dir) if data_dir else find_data_dir()
    sources, values, problems = {}, {}, []
    for name, filename in FILES.items():
        source, found = read_yaml(data_dir / filename, _label(data_dir / filename))
        sources[name] = source
        problems += found
        if found:
            continue
        try:
            values[name] = _adapter(name).validate_python(source.data)
        except ValidationError as exc:
            problems += [_from_pydantic(source, error) for error in exc.errors()]
        else:
            problems += [_located(sources, finding) for finding in check_file(name, values[name])]
    if problems:
        return None, sorted(problems)
    portfolio = Portfolio.model_construct(**values)
    problems = [
        _located(sources, finding) for finding in check_stats(portfolio, resolve_as_of(as_of))
    ]
    return (None if problems else portfolio), sorted(problems)


def load_portfolio(data_dir: Path | None = None, as_of: date | str | None = None) -> Portfolio:
    """The validated portfolio; raises ``DataError`` listing every problem."""
    portfolio, problems = read_portfolio(data_dir, as_of)
    if problems:
        raise DataError(problems)
    return portfolio


def _label(path: Path) -> str:
    """The path as a person would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _located(sources: dict[str, Source], finding: Finding) -> Problem:
    source = sources[finding.file]
    line = source.line_of(finding.loc)
    return Problem(source.label, line, finding.message, finding.record, finding.field)


def _from_pydantic(source: Source, error: dict[str, Any]) -> Problem:
    """Turn one pydantic error into a located, readable problem."""
    loc, record = _data_path(source.data, error["loc"])
    kind = error["type"]
    if kind == "union_tag_invalid":
        field = error["ctx"]["discriminator"].strip("'")
        loc = (*loc, field)
        ctx = error["ctx"]
        message = f"unknown value {ctx['tag']!r}; expected one of {ctx['expected_tags']}"
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        message = "unknown field" + _did_you_mean(str(loc[-1]))
    else:
        message = error["msg"].removeprefix("Value error, ")
        if kind != "value_error" and not isinstance(error["input"], dict | list):
            message += f" (got {error['input']!r})"
    field = _field_name(loc[len(record[1]) :]) if record else _field_name(loc)
    line = source.line_of(loc)
    record_name = record[0] if record else Path(source.label).stem
    return Problem(source.label, line, message, record_name, field or None)


def _data_path(data: object, loc: tuple) -> tuple[tuple, tuple[str, tuple] | None]:
    """Map a pydantic location onto the data (dropping union tags); find the record it is in."""
    path: list[str | int] = []
    record = None
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if not last and isinstance(node, dict) and node.get(_DISCRIMINATOR) == part:
            continue  # pydantic names the union member it tried; the data has no such level
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif last:
            path.append(part)
            break
        else:
            continue
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            record = (node["id"], tuple(path))
        elif isinstance(part, int) and isinstance(node, dict):
            record = (f"#{part + 1}", tuple(path))
    return tuple(path), record


def _has(node: object, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int)


def _field_name(parts: tuple) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


@cache
def _known_fields() -> tuple[str, ...]:
    """Every field name any record has, for spelling suggestions."""
    records = [obj for obj in vars(models).values() if isinstance(obj, type)]
    fields = {
        name for obj in records if issubclass(obj, models.Record) for name in obj.model_fields
    }
    return tuple(sorted(fields))


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, _known_fields(), n=1)
    return f"; did you mean {close[0]!r}?" if close else "; remove it or check its spelling"
