"""What is wrong with the data, said so a person can fix it."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.exceptions import PortfolioError


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located by file, line, record and field."""

    file: str
    line: int
    message: str
    record: str | None = None
    field: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        if self.line and self.column:
            where += f"{self.column}:"
        parts = [where]
        if self.record:
            parts.append(f"record {self.record}:")
        if self.field:
            parts.append(f"field {self.field}:")
        parts.append(self.message)
        return " ".join(parts)


class DataError(PortfolioError):
    """The data in ``data/`` is not sound; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self, command: str = "") -> str:
        """All problems, one a line, with a count; each line starts with its ``FILE:LINE:``
        as editors read it, so ``command`` is not put before it."""
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{len(self.problems)} problem(s) in the career data; run `portfolio check`.")
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:
        """IPython and Jupyter show this instead of a traceback."""
        return self.report().splitlines()
