"""`portfolio check` catches a profile text whose count of patents or papers disagrees with
the data in a common phrasing ("4 US Patents", "5 papers"), not only as "<N> <stat label>".

Run on the fictional researcher (1 granted and 1 pending patent, 6 papers), whose papers
stat is labelled "Papers", and on the real data, which must stay valid.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portfolio.authoring.cli import main
from portfolio.data.checks import COUNT_PHRASES

from conftest import DATA, OTHER_DATA, replace_in

SENTENCE = "Entièrement fictif."

DISAGREE = [
    "Holds 3 US Patents.",
    "Holds 2 granted US patents and 1 pending.",
    "Holds 2 granted patents.",
    "Holds 4 U.S. patents.",
    "Wrote 5 papers.",
    "Has published 3 papers.",
    "Author of 7 peer-reviewed publications.",
]
AGREE = [
    "Holds 1 US Patent.",
    "Holds 1 granted US patent and 1 pending.",
    "Holds 1 granted patent, 2 patents pending and 3 patent applications.",
    "Wrote 6 papers.",
    "Has published 6 peer-reviewed papers; 2 papers under review.",
    "Reviewed 40 papers for fictional venues.",
    "Has 6 Papers.",  # the stat's own label: checked against the stat, and it agrees
]


@pytest.fixture
def other_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(OTHER_DATA, tmp_path / "data"))


def check(data: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    code = main(["check", "--data", str(data), "--as-of", "2026-11-24"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, [line for line in captured.err.splitlines() if "problem(s)" not in line]


@pytest.mark.parametrize("text", DISAGREE)
def test_a_disagreeing_count_fails_with_file_line_and_field(text, other_copy, capsys):
    profile = other_copy / "profile.yml"
    replace_in(profile, SENTENCE, text)
    summary_line = profile.read_text(encoding="utf-8").splitlines().index("summary: >-") + 1
    code, problems = check(other_copy, capsys)
    assert code == 1
    [problem] = problems
    assert problem.startswith(f"{profile}:{summary_line}: record profile: field summary: says ")
    assert " gives " in problem and "update the text to " in problem


@pytest.mark.parametrize("text", AGREE)
def test_agreeing_counts_pass(text, other_copy, capsys):
    replace_in(other_copy / "profile.yml", SENTENCE, text)
    code, problems = check(other_copy, capsys)
    assert (code, problems) == (0, [])


def test_a_section_intro_is_checked_too(other_copy, capsys):
    profile = other_copy / "profile.yml"
    line = replace_in(
        profile,
        "    title: Veröffentlichungen · Publications\n",
        "    title: Veröffentlichungen · Publications\n    intro: Published 2 papers so far.\n",
    )
    code, problems = check(other_copy, capsys)
    assert code == 1
    [problem] = problems
    assert problem.startswith(f"{profile}:{line + 1}: record sections.publications: field intro:")
    assert "'2 papers'" in problem and "gives 6" in problem


def test_the_real_profile_states_its_patents_as_the_data_does(capsys):
    """data/profile.yml says "4 US Patents" and "4 granted US patents and 1 pending"."""
    texts = (DATA / "profile.yml").read_text(encoding="utf-8")
    found = [m.group(0) for m in COUNT_PHRASES["granted_patents"].finditer(" ".join(texts.split()))]
    assert "4 US Patents" in found and "4 granted US patents" in found
    assert main(["check", "--data", str(DATA)]) == 0, capsys.readouterr().err
