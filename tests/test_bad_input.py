"""Bad input gets a located, readable error (file:line, record, field), never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portfolio.authoring.cli import main
from portfolio.project.sources import FrontMatterError, front_matter

from conftest import OTHER_DATA, replace_in


def run_check(data: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = main(["check", "--data", str(data), "--as-of", "2026-11-24"])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.endswith("problem(s) found.")]


EDITS = {
    "missing required field": (
        "roles.yml",
        "  title: Research Engineer\n",
        "",
        "record research-engineer: field title: required field is missing",
    ),
    "unknown field (typo)": (
        "roles.yml",
        "  title: Doctoral Researcher",
        "  titel: Doctoral Researcher",
        "record doctoral-researcher: field titel: unknown field; did you mean 'title'?",
    ),
    "wrong type": (
        "reviewing.yml",
        "year: 2025",
        "year: twenty",
        "record fictional-audio-2025: field year: Input should be a valid integer",
    ),
    "impossible date": (
        "patents.yml",
        'granted: "2022-06"',
        'granted: "2022-13"',
        "record ep-0000001: field granted: '2022-13' is not a real date",
    ),
    "impossible day": (
        "roles.yml",
        'start: "2013-10"',
        'start: "2013-02-30"',
        "record doctoral-researcher: field start: '2013-02-30' is not a real date",
    ),
    "end before start": (
        "roles.yml",
        'end: "2017-08"',
        'end: "2012-05"',
        "record doctoral-researcher: field end: ends (2012-05) before it starts (2013-10)",
    ),
    "patent granted before it was filed": (
        "patents.yml",
        'filed: "2019-02"',
        'filed: "2023-02"',
        "record ep-0000001: field granted: granted (2022-06) is before filed (2023-02)",
    ),
    "duplicate id": (
        "patents.yml",
        "id: cafe-noise-gate",
        "id: ep-0000001",
        "record ep-0000001: field id: id is used twice",
    ),
    "unknown status": (
        "patents.yml",
        "status: pending",
        "status: expired",
        "record cafe-noise-gate: field status: unknown value 'expired'; "
        "expected one of 'granted', 'pending'",
    ),
    "unknown media kind": (
        "press.yml",
        "[]\n",
        "- media: Watch\n  id: fictional-radio\n  outlet: Radio\n  year: 2020\n  headline: H\n",
        "record fictional-radio: field media: Input should be 'watch', 'read' or 'listen'",
    ),
    "date unquoted by YAML": (
        "patents.yml",
        'granted: "2022-06"',
        "granted: 2022-06-07",
        'record ep-0000001: field granted: write the date in quotes, e.g. "2022-06-07"',
    ),
    "key written twice": (
        "reviewing.yml",
        "  venue: Fictional Audio Symposium 2025\n",
        "  venue: Fictional Audio Symposium 2025\n  venue: Other\n",
        "key 'venue' is written twice",
    ),
    "stat disagrees with the data": (
        "profile.yml",
        'value: "6"',
        'value: "7"',
        "record papers: field value: states 7 but the data gives 6",
    ),
    "stat stale: the data gives more": (
        "profile.yml",
        'value: "9+"',
        'value: "8+"',
        "record years-at-cafe-acoustique: field value: states 8+ but the data gives 9.2",
    ),
    "text states a stat the data contradicts": (
        "profile.yml",
        "with 9+ years at Café Acoustique",
        "with 8+ years at Café Acoustique",
        "record profile: field summary: says '8+ years at Café Acoustique' but stat "
        "years-at-cafe-acoustique gives 9+",
    ),
    "years at an employer without the employer": (
        "profile.yml",
        "    employer: Café Acoustique\n",
        "",
        "record years-at-cafe-acoustique: field employer: derive: years_at_employer needs",
    ),
    "markup after a URL": (
        "publications.yml",
        "    year: 2023\n",
        '    year: 2023\n    url: "https://example.com/)<script>alert(1)</script>"\n',
        "record cup-arrays: field url: the URL holds '<'",
    ),
    "URL with unbalanced parenthesis": (
        "publications.yml",
        "    year: 2023\n",
        "    year: 2023\n    url: https://example.com/a)\n",
        "record cup-arrays: field url: the URL has unbalanced parentheses",
    ),
    "URL with a quote": (
        "publications.yml",
        "    year: 2023\n",
        '    year: 2023\n    url: https://example.com/a"onmouseover=alert(1)\n',
        "record cup-arrays: field url: the URL holds '\"'",
    ),
    "javascript: URL": (
        "publications.yml",
        "    year: 2023\n",
        "    year: 2023\n    url: javascript:alert(1)\n",
        "record cup-arrays: field url: expected a web address starting with https://",
    ),
    "URL without a host": (
        "publications.yml",
        "    year: 2023\n",
        "    year: 2023\n    url: https:///path\n",
        "record cup-arrays: field url: expected a web address starting with https://",
    ),
    "markup in a DOI": (
        "publications.yml",
        "    year: 2023\n",
        "    year: 2023\n    doi: 10.1234/abc)<b>x</b>\n",
        "record cup-arrays: field doi: the DOI holds '<'",
    ),
    "DOI that is a URL": (
        "publications.yml",
        "    year: 2023\n",
        "    year: 2023\n    doi: https://doi.org/10.1234/abc\n",
        "record cup-arrays: field doi: expected a DOI",
    ),
    "malformed YAML": (
        "reviewing.yml",
        "  venue: Fictional Audio Symposium 2025",
        "  venue: [Fictional Audio Symposium 2025",
        "not valid YAML",
    ),
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the fictional researcher's data (stable test data, not data/)."""
    return Path(shutil.copytree(OTHER_DATA, tmp_path / "data"))


@pytest.mark.parametrize("case", EDITS, ids=list(EDITS))
def test_each_problem_is_located(case, data_copy, capsys):
    filename, old, new, expected = EDITS[case]
    line = replace_in(data_copy / filename, old, new)
    code, output = run_check(data_copy, capsys)
    assert code == 1
    problems = problem_lines(output)
    [problem] = [line for line in problems if expected in line]
    # a misspelt required field is also reported as missing; everything else is one problem
    assert len(problems) == (2 if "typo" in case else 1), output
    prefix = f"{data_copy / filename}:"
    assert problem.startswith(prefix)
    reported_line = int(problem[len(prefix) :].split(":")[0])
    assert abs(reported_line - line) <= 1, problem


def test_every_problem_is_reported_not_only_the_first(data_copy, capsys):
    for case in (
        "missing required field",
        "unknown media kind",
        "unknown status",
        "malformed YAML",
    ):
        filename, old, new, _ = EDITS[case]
        replace_in(data_copy / filename, old, new)
    code, output = run_check(data_copy, capsys)
    assert code == 1
    for case in (
        "missing required field",
        "unknown media kind",
        "unknown status",
        "malformed YAML",
    ):
        assert EDITS[case][3] in output
    assert "4 problem(s) found." in output


def test_empty_file(data_copy, capsys):
    (data_copy / "press.yml").write_text("# nothing yet\n", encoding="utf-8")
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{data_copy / 'press.yml'}:1: file is empty" in output


def test_non_utf8_file(data_copy, capsys):
    path = data_copy / "reviewing.yml"
    line = replace_in(path, "Fictional Audio", "Fictional Audio")
    path.write_bytes(path.read_bytes().replace(b"Fictional Audio", b"Fictional Aud\xefo"))
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{path}:{line}: not UTF-8 text (byte 0xef); save it as UTF-8" in output


def test_missing_file(data_copy, capsys):
    (data_copy / "roles.yml").unlink()
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{data_copy / 'roles.yml'}: file is missing" in output


def test_wrong_top_level_shape(data_copy, capsys):
    (data_copy / "roles.yml").write_text("title: just one role\n", encoding="utf-8")
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert "Input should be a valid list" in output


def test_html_in_text_is_accepted_as_data(data_copy, capsys):
    replace_in(
        data_copy / "publications.yml",
        "title: Cup-Shaped Microphone Arrays",
        'title: "<script>alert(1)</script> & <b>bold</b>"',
    )
    code, output = run_check(data_copy, capsys)
    assert code == 0, output


def test_check_never_rewrites_the_data(data_copy, capsys):
    replace_in(data_copy / "reviewing.yml", "year: 2025", "year: twenty")
    before = {path.name: path.read_bytes() for path in data_copy.iterdir()}
    run_check(data_copy, capsys)
    assert {path.name: path.read_bytes() for path in data_copy.iterdir()} == before


def test_no_data_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    code = main(["check"])
    output = capsys.readouterr().err
    assert code == 1
    assert "no data/ folder here or above" in output
    assert "Traceback" not in output


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize("filename", ["profile.yml", "roles.yml", "press.yml"])
def test_yaml_aliases_are_refused_before_they_expand(data_copy, capsys, filename):
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    (data_copy / filename).write_text(bomb + BILLION_LAUGHS, encoding="utf-8")
    code, output = run_check(data_copy, capsys)
    assert code == 1
    expected = f"{data_copy / filename}:2: aliases (*a) are not allowed; write the value out"
    assert problem_lines(output) == [expected]


def test_a_merge_key_is_an_alias_too(data_copy, capsys):
    path = data_copy / "reviewing.yml"
    path.write_text(
        "- &base {id: one, venue: V, year: 2025}\n- <<: *base\n  id: two\n", encoding="utf-8"
    )
    code, output = run_check(data_copy, capsys)
    assert code == 1
    assert f"{path}:2: aliases (*base) are not allowed" in output


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a_(b)",
        "https://de.wikipedia.org/wiki/Technische_Universität_München",
        "http://example.org:8080/p?q=1&r=2#frag",
    ],
)
def test_real_urls_are_accepted(data_copy, capsys, url):
    replace_in(
        data_copy / "publications.yml", "    year: 2023\n", f"    year: 2023\n    url: {url}\n"
    )
    code, output = run_check(data_copy, capsys)
    assert code == 0, output


YAML_SYNTAX = {
    "unclosed quote": (
        "  title: Doctoral Researcher\n",
        '  title: "Doctoral Researcher\n',
        "the quote opened here is closed only on line",
    ),
    "unclosed bracket": (
        "  title: Doctoral Researcher\n",
        "  title: [Doctoral Researcher\n",
        "this [ is never closed (did not find expected ',' or ']' at line",
    ),
}


@pytest.mark.parametrize("case", YAML_SYNTAX, ids=list(YAML_SYNTAX))
def test_yaml_syntax_error_names_line_and_column_where_it_opened(case, data_copy, capsys):
    old, new, expected = YAML_SYNTAX[case]
    line = replace_in(data_copy / "roles.yml", old, new)
    code, output = run_check(data_copy, capsys)
    assert code == 1
    [problem] = problem_lines(output)
    column = new.index(new.strip().split(": ", 1)[1][0]) + 1
    assert problem.startswith(f"{data_copy / 'roles.yml'}:{line}:{column}: not valid YAML: ")
    assert expected in problem


def test_yaml_syntax_error_elsewhere_names_line_column_and_the_enclosing_construct(
    data_copy, capsys
):
    line = replace_in(data_copy / "roles.yml", "  title: Doctoral Researcher\n", " title: X\n")
    code, output = run_check(data_copy, capsys)
    [problem] = problem_lines(output)
    assert code == 1
    assert problem.startswith(f"{data_copy / 'roles.yml'}:{line}:"), problem
    assert "that began on line" in problem and "column" in problem


PAGES = {
    "no front matter": ("about.qmd", b"# About\n", " has no front matter"),
    "front matter not YAML": (
        "about.qmd",
        b"---\ntitle: About\ndate: [2024\n---\n",
        ": the front matter is not valid YAML, line 4",
    ),
    "notebook not JSON": ("index.ipynb", b'{"cells": [\n', ":2: not a notebook"),
    "not UTF-8": ("about.qmd", b"---\ntitle: \xe9t\xe9\n---\n", ": not UTF-8 text"),
}


@pytest.mark.parametrize("case", PAGES, ids=list(PAGES))
def test_a_page_whose_front_matter_cannot_be_read_is_named(tmp_path, case):
    name, content, expected = PAGES[case]
    (tmp_path / name).write_bytes(content)
    with pytest.raises(FrontMatterError) as raised:
        front_matter(tmp_path / name)
    assert str(raised.value).startswith(f"{tmp_path / name}{expected}")
