"""Carry out an import: plan it, check the would-be file, then write it or show the change."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from portfolio.authoring.importers.records import Candidate, plan_import
from portfolio.authoring.importers.yamlfile import PUBLICATIONS, PublicationsFile, validate
from portfolio.build.files import write_atomically
from portfolio.data.load import read_portfolio
from portfolio.data.problems import Problem


def apply_import(
    candidates: Iterable[Candidate],
    data_dir: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    notes: Iterable[str] = (),
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Add the new papers among ``candidates`` to ``data_dir``'s publications file.

    Prints what was added and skipped (``notes`` first: what the source reader left out).
    A candidate that cannot be a paper is skipped, or with ``strict`` refuses the import.
    Returns 0, or 1 when the import is refused, in which case nothing is written.
    """
    out, err = out or sys.stdout, err or sys.stderr
    path = data_dir / PUBLICATIONS
    publications = PublicationsFile(path)
    plan = plan_import(publications.existing(), candidates, strict=strict)
    for note in [*notes, *plan.notes]:
        print(note, file=out)
    if plan.problems:
        return _refuse(plan.problems, f"{path} is unchanged", err)
    if not plan.added:
        print(f"Nothing to add: {path} is unchanged.", file=out)
        return 0
    text = publications.with_records(plan.added)
    problems = validate(data_dir, text)
    if problems:
        if dry_run:  # what the import would add, so the stat can be set before it runs
            _list(plan.added, "would add", out)
        before = {str(problem) for problem in read_portfolio(data_dir)[1]}
        lines = [_after_import(problem, path, before) for problem in problems]
        return _refuse(lines, f"{path} is unchanged", err)
    _list(plan.added, "would add" if dry_run else "added", out)
    if dry_run:
        out.writelines(_diff(publications.text, text, str(path)))
        print(f"Dry run: {len(plan.added)} paper(s) would be added; nothing written.", file=out)
        return 0
    write_atomically(path, text)
    print(f"Added {len(plan.added)} paper(s) to {path}; run `portfolio check`.", file=out)
    return 0


def _list(records: list[dict], verb: str, out: TextIO) -> None:
    for record in records:
        print(f"{verb} {record['id']}: {record['title']}", file=out)


def _after_import(problem: Problem, path: Path, before: set[str]) -> str:
    """A problem of the data as it would be, saying whether the data has it already."""
    if str(problem) in before:
        return f"{problem} (so before the import too)"
    if Path(problem.file).name == path.name:
        return f"{problem} (in the file as it would be after the import)"
    return f"{problem} (after the import)"


def _refuse(problems: list[str], unchanged: str, err: TextIO) -> int:
    for problem in problems:
        print(problem, file=err)
    print(f"Import refused ({len(problems)} problem(s)); {unchanged}.", file=err)
    return 1


def _diff(old: str, new: str, name: str) -> list[str]:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), name, f"{name} (new)"
    )
    return [line if line.endswith("\n") else line + "\n" for line in lines]
