"""A site's overrides of the engine's files, and the audit after an upgrade.

``portfolio override theme/site.css`` copies the engine's file to ``overrides/theme/site.css``
(the engine then uses the site's copy) and records in ``overrides/engine.lock`` the hash and
version of the engine's copy it started from. ``portfolio doctor`` names every override
whose engine file changed since (as al-folio's upgrade audit does), every override the lock
does not know, and every one that shadows no engine file.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from portfolio.exceptions import PortfolioError
from portfolio.project.engine import (
    LOCK,
    OVERRIDABLE,
    OVERRIDES,
    engine_files,
    engine_version,
    file_hash,
    overrides,
    resource,
)
from portfolio.project.links import project_root


class OverrideError(PortfolioError):
    """An override cannot be made (nothing was written)."""


def read_lock(root: Path) -> dict[str, dict[str, str]]:
    """``overrides/engine.lock``: for each override, the engine copy's hash and version."""
    path = root / OVERRIDES / LOCK
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OverrideError(
            f"{path}: not the JSON `portfolio override` writes ({exc}); restore it from git"
        ) from None


def _record(root: Path, relative: str) -> None:
    lock = read_lock(root)
    lock[relative] = {"sha256": file_hash(resource(relative)), "engine": engine_version()}
    path = root / OVERRIDES / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def make_override(root: Path, relative: str) -> Path:
    """Copy the engine's ``relative`` into ``overrides/``; return the new file."""
    if relative not in engine_files():
        raise OverrideError(
            f"the engine has no {relative}: `portfolio override --list` shows what it has"
        )
    target = root / OVERRIDES / relative
    if target.exists():
        raise OverrideError(f"{target} exists already: edit it (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resource(relative), target)
    _record(root, relative)
    return target


def accept(root: Path, relative: str) -> None:
    """Record that the override of ``relative`` now follows the installed engine's copy."""
    if relative not in overrides(root):
        raise OverrideError(f"{OVERRIDES}/{relative} does not exist")
    _record(root, relative)


def audit(root: Path) -> list[str]:
    """One line for every override that needs the author's look after an upgrade."""
    known, lock = set(engine_files()), read_lock(root)
    findings = []
    for relative in overrides(root):
        where = f"{OVERRIDES}/{relative}"
        if relative not in known:
            findings.append(f"{where}: the engine has no {relative}, so nothing uses it")
        elif relative not in lock:
            findings.append(
                f"{where}: not made with `portfolio override`, so whether the engine's copy "
                f"changed is unknown; compare it with {resource(relative)}, then "
                f"`portfolio override --accept {relative}`"
            )
        elif lock[relative]["sha256"] != file_hash(resource(relative)):
            findings.append(
                f"{where}: the engine's {relative} changed since this override was made "
                f"(engine {lock[relative]['engine']} -> {engine_version()}); compare it with "
                f"{resource(relative)}, then `portfolio override --accept {relative}`"
            )
    return findings


def _override(args: argparse.Namespace) -> int:
    root = project_root()
    if args.list:
        print("\n".join(engine_files()))
        return 0
    if not args.path:
        raise OverrideError("name the engine file to override (`--list` shows them)")
    if args.accept:
        accept(root, args.path)
        print(f"{OVERRIDES}/{args.path} now follows engine {engine_version()}")
        return 0
    print(f"wrote {make_override(root, args.path)}: the site uses it instead of the engine's")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    findings = audit(project_root())
    for line in findings:
        print(line)
    if not findings:
        print(f"engine {engine_version()}: every override follows the engine's current files")
    return 1 if findings else 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``override`` and ``doctor`` on the ``portfolio`` command."""
    override = commands.add_parser(
        "override",
        help="copy an engine file into overrides/ to change it for this site",
        description=f"Engine files under {', '.join(OVERRIDABLE)} can be overridden.",
    )
    override.add_argument("path", nargs="?", help="the engine file, e.g. theme/site.css")
    override.add_argument("--list", action="store_true", help="list the engine's files")
    override.add_argument(
        "--accept", action="store_true", help="record that the override follows this engine"
    )
    override.set_defaults(run=_override)
    doctor = commands.add_parser(
        "doctor", help="name overrides whose engine file changed since they were made"
    )
    doctor.set_defaults(run=_doctor)
