"""The ``portfolio`` command: make a site, check its data, render and preview it, and the
authoring tools. Documentation: ``portfolio docs`` (it ships with the engine)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from portfolio.authoring.gitfilter import add_commands as add_git_commands
from portfolio.authoring.importers.commands import add_commands as add_import_commands
from portfolio.authoring.new_page import add_commands
from portfolio.authoring.overrides import add_commands as add_override_commands
from portfolio.data.dates import resolve_as_of
from portfolio.data.load import find_data_dir, read_portfolio
from portfolio.data.problems import DataError
from portfolio.exceptions import PortfolioError
from portfolio.project import links
from portfolio.project.engine import DISTRIBUTION, RESOURCES, docs_folder, engine_version
from portfolio.project.quarto import find_quarto, quarto_env


def _init(args: argparse.Namespace) -> int:
    """Make a new site in an empty folder."""
    from portfolio.authoring.init import init_site

    written = init_site(args.folder)
    print(f"made a site in {args.folder} ({len(written)} files). Next:")
    print(f"  cd {args.folder} && portfolio check && portfolio preview")
    print("  read its README.md: render, preview, import your .bib, publish")
    return 0


def _docs(args: argparse.Namespace) -> int:
    """Where the engine's documentation is, and its pages."""
    folder = docs_folder()
    print(f"The engine's documentation ({engine_version()}): {folder}")
    for page in sorted(folder.glob("*.md")):
        print(f"  {page.name}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Validate every data file; print each problem, or a one-line summary."""
    as_of = resolve_as_of(args.as_of)
    portfolio, problems = read_portfolio(args.data or find_data_dir(), as_of)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"Data OK: {len(portfolio.roles)} roles, {len(portfolio.patents)} patents, "
        f"{len(portfolio.publications.papers)} papers, {len(portfolio.reviewing)} reviewing "
        f"entries, {len(portfolio.press)} press features (as of {as_of})."
    )
    _note_unset_links(args.data)
    return 0


def _site_root(data: Path | None) -> Path | None:
    """The site the data belongs to (its overrides apply), or None for loose data."""
    try:
        return links.project_root(data or Path.cwd())
    except links.LinkError:
        return None


def _note_unset_links(data: Path | None) -> None:
    """Say what to set when the project knows neither its repository nor its site URL."""
    root = _site_root(data)
    if root is None:
        return  # data outside a project: nothing to link
    try:
        known = links.repo_settings(root) or links.site_url(root)
    except links.LinkError as exc:
        print(f"note: {exc}", file=sys.stderr)
        return
    if not known:
        print(f"note: {links.UNSET_HINT}", file=sys.stderr)


def _schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas the data files point at."""
    from portfolio.data.schema import write_schemas

    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    """Write BibTeX, CSL-JSON and JSON Resume exports of the data."""
    from portfolio.build.export import write_exports
    from portfolio.data.load import load_portfolio

    as_of = resolve_as_of(args.as_of)
    portfolio = load_portfolio(args.data or find_data_dir(), as_of)
    for path in write_exports(portfolio, args.out, as_of):
        print(f"wrote {path}")
    return 0


def _cv(args: argparse.Namespace) -> int:
    """Typeset the CV as a PDF from the data."""
    from portfolio.build.cv import write_cv
    from portfolio.data.load import load_portfolio

    as_of = resolve_as_of(args.as_of)
    portfolio = load_portfolio(args.data or find_data_dir(), as_of)
    root = _site_root(args.data)
    print(f"wrote {write_cv(portfolio, args.out, args.paper, as_of, root)}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    """Quarto's live preview, following data/ and the package too."""
    from portfolio.authoring.preview import run_preview

    return run_preview(links.project_root(), args.port, browser=not args.no_browser)


def _render(args: argparse.Namespace) -> int:
    """``quarto render`` with the Quarto and Python of this environment."""
    command = [find_quarto(), "render", *args.quarto_args]
    return subprocess.run(command, cwd=links.project_root(), env=quarto_env()).returncode


def build_parser() -> argparse.ArgumentParser:
    """The command line and its subcommands."""
    parser = argparse.ArgumentParser(prog="portfolio", description=__doc__)
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {engine_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="make a new site in an empty folder")
    init.add_argument("folder", type=Path, help="the new site's folder (absent or empty)")
    init.set_defaults(run=_init)

    docs = commands.add_parser("docs", help="where the engine's documentation is")
    docs.set_defaults(run=_docs)

    check = commands.add_parser("check", help="validate data/*.yml")
    check.add_argument("--data", type=Path, help="data folder (default: the nearest data/)")
    check.add_argument("--as-of", help="date that 'present' means (default: today)")
    check.set_defaults(run=_check)

    schema = commands.add_parser(
        "schema", help="write the engine's JSON Schemas for data/*.yml (sites get them at render)"
    )
    schema.add_argument(
        "--out",
        type=Path,
        default=RESOURCES / "schemas",
        help="folder (default: the engine's resources/schemas)",
    )
    schema.set_defaults(run=_schema)

    export = commands.add_parser("export", help="write BibTeX, CSL-JSON and JSON Resume files")
    export.add_argument("--data", type=Path, help="data folder (default: the nearest data/)")
    export.add_argument(
        "--out", type=Path, default=Path("exports"), help="folder (default: exports)"
    )
    export.add_argument("--as-of", help="date that 'present' means (default: today)")
    export.set_defaults(run=_export)

    cv = commands.add_parser("cv", help="typeset the CV as a PDF (cv.pdf)")
    cv.add_argument("--data", type=Path, help="data folder (default: the nearest data/)")
    cv.add_argument("--out", type=Path, default=Path("exports"), help="folder (default: exports)")
    cv.add_argument("--paper", default="a4", help="paper size: a4 (default) or letter")
    cv.add_argument("--as-of", help="date that 'present' means and the PDF's date (default: today)")
    cv.set_defaults(run=_cv)
    add_commands(commands)  # new-post, new-paper

    preview = commands.add_parser(
        "preview", help="live preview that follows data/, the package and the pages"
    )
    preview.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    preview.add_argument("--no-browser", action="store_true", help="do not open a browser")
    preview.set_defaults(run=_preview)

    render = commands.add_parser("render", help="render the site into _site/ (quarto render)")
    render.add_argument("quarto_args", nargs=argparse.REMAINDER, help="passed to quarto render")
    render.set_defaults(run=_render)
    add_import_commands(commands)  # import bibtex, import orcid
    add_override_commands(commands)  # override, doctor
    add_git_commands(commands)  # setup-git
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command. An expected failure (``PortfolioError``) is reported without a
    traceback: exit status 1 for data problems, 2 for the others. Any other exception is a
    bug and shows its traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except PortfolioError as exc:
        print(exc.report(f"portfolio {args.command}"), file=sys.stderr)
        return 1 if isinstance(exc, DataError) else 2


if __name__ == "__main__":
    sys.exit(main())
