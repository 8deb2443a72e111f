"""``portfolio import bibtex FILE.bib`` and ``portfolio import orcid ORCID-ID|FILE.json``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from portfolio.authoring.importers.apply import apply_import
from portfolio.authoring.importers.bibtex import read_bibtex
from portfolio.authoring.importers.orcid import read_orcid
from portfolio.authoring.importers.yamlfile import ImportRefused
from portfolio.data.load import find_data_dir


def _bibtex(args: argparse.Namespace) -> int:
    data_dir = args.data or find_data_dir()
    candidates = read_bibtex(args.file)
    return apply_import(candidates, data_dir, dry_run=args.dry_run, strict=args.strict)


def _orcid(args: argparse.Namespace) -> int:
    data_dir = args.data or find_data_dir()
    candidates, notes = read_orcid(args.source)
    return apply_import(candidates, data_dir, dry_run=args.dry_run, strict=args.strict, notes=notes)


def _reported(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Refusals are one line on stderr and exit status 1, never a traceback."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except ImportRefused as exc:
            print(exc.report(f"portfolio import {args.source_kind}"), file=sys.stderr)
            return 1

    return wrapped


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``import bibtex`` and ``import orcid`` on the ``portfolio`` command."""
    parser = commands.add_parser("import", help="add papers from BibTeX or ORCID to the data")
    kinds = parser.add_subparsers(dest="source_kind", required=True)
    bibtex = kinds.add_parser("bibtex", help="papers from a .bib file")
    bibtex.add_argument("file", type=Path, help="the BibTeX file")
    orcid = kinds.add_parser("orcid", help="papers from an ORCID record (public API v3.0)")
    orcid.add_argument("source", help="an ORCID iD (fetched), or a saved works JSON file")
    for kind, run in ((bibtex, _bibtex), (orcid, _orcid)):
        kind.add_argument("--data", type=Path, help="data folder (default: the nearest data/)")
        kind.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        kind.add_argument(
            "--strict",
            action="store_true",
            help="refuse the whole import if one entry cannot be a paper (default: skip it)",
        )
        kind.set_defaults(run=_reported(run))
