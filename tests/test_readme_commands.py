"""The README's commands are spelled one way, whichever way Quarto was installed, and they
are the ones that run: CI runs the set-up block, the render fixture and the preview test
run the render and preview commands as written (``helpers.readme_command``)."""

from __future__ import annotations

import shlex

from helpers import REPO, readme_command

README = (REPO / "README.md").read_text(encoding="utf-8")


def _block(section: str) -> list[str]:
    block = README.split(f"## {section}\n", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines()]


def test_ci_runs_the_set_up_commands_as_written():
    setup = _block("Set up and test")
    assert setup == ["bash engine/install.sh", ".venv/bin/python -m pytest"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-2:] == setup


def test_render_and_preview_are_one_spelling_for_any_quarto():
    assert _block("Render and preview") == [
        ".venv/bin/portfolio preview",
        ".venv/bin/portfolio render",
    ]
    assert readme_command("Render and preview", "render")[1:] == ["render"]
    assert ".venv/bin/quarto" not in README


def test_every_portfolio_command_in_the_readme_exists():
    from portfolio.authoring.cli import build_parser

    commands = set(build_parser()._subparsers._group_actions[0].choices)
    used = {
        shlex.split(line.split("#", 1)[0])[1]
        for line in README.splitlines()
        if line.startswith(".venv/bin/portfolio ")
    }
    assert used and used <= commands, used - commands
